package io.benchfleet.manager.run;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The runs (job executions) newest first, each with its partition progress and mean reward, in ONE query: no Spring
 * Batch object graphs (job executions with every step execution and context) are loaded. Used by {@code list} and
 * by the pages and API of {@code serve}.
 *
 * <p>Progress and mean reward are the run's (job instance's) state as of that execution: a partition that completed
 * in an earlier execution counts as completed in a restart, and the latest result of each partition counts once
 * (unscored as 0, like the report).
 */
public class RunListQuery {

    private static final String QUERY = """
            SELECT e.job_execution_id, e.job_instance_id, e.status, e.exit_message, e.start_time, e.end_time,
                   sp.parameter_value AS spec, rp.parameter_value AS run,
                   COALESCE(st.total, 0) AS total, COALESCE(st.completed, 0) AS completed,
                   COALESCE(st.failed, 0) AS failed, COALESCE(st.running, 0) AS running,
                   COALESCE(tr.trials, 0) AS trials, tr.mean_reward
              FROM batch_job_execution e
              LEFT JOIN batch_job_execution_params sp
                     ON sp.job_execution_id = e.job_execution_id AND sp.parameter_name = 'spec'
              LEFT JOIN LATERAL (SELECT p.parameter_value FROM batch_job_execution_params p
                                  WHERE p.job_execution_id = e.job_execution_id
                                    AND p.parameter_name IN ('runId', 'runDate') LIMIT 1) rp ON true
              LEFT JOIN LATERAL (
                     SELECT count(*) AS total,
                            count(*) FILTER (WHERE status = 'COMPLETED') AS completed,
                            count(*) FILTER (WHERE status IN ('FAILED', 'ABANDONED')) AS failed,
                            count(*) FILTER (WHERE status IN ('STARTED', 'STOPPING')) AS running
                       FROM (SELECT DISTINCT ON (s.step_name) s.status
                               FROM batch_step_execution s
                               JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
                              WHERE j.job_instance_id = e.job_instance_id AND j.job_execution_id <= e.job_execution_id
                                AND s.step_name LIKE ?
                              ORDER BY s.step_name, s.step_execution_id DESC) latest) st ON true
              LEFT JOIN LATERAL (
                     SELECT count(*) AS trials, avg(COALESCE(reward, 0)) AS mean_reward
                       FROM (SELECT DISTINCT ON (t.partition_key) t.reward
                               FROM trial_result t
                              WHERE t.job_instance_id = e.job_instance_id AND t.job_execution_id <= e.job_execution_id
                              ORDER BY t.partition_key, t.id DESC) latest) tr ON true
             WHERE (CAST(? AS VARCHAR) IS NULL OR sp.parameter_value = ?)
               AND (CAST(? AS BIGINT) IS NULL OR e.job_execution_id = ?)
             ORDER BY e.job_execution_id DESC
             LIMIT ?""";

    private final JdbcTemplate jdbc;

    public RunListQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest {@code limit} runs, of one spec when {@code spec} is not null. */
    public List<RunSummary> newest(String spec, int limit) {
        return query(spec, null, limit);
    }

    public java.util.Optional<RunSummary> find(long jobExecutionId) {
        return query(null, jobExecutionId, 1).stream().findFirst();
    }

    private List<RunSummary> query(String spec, Long id, int limit) {
        return jdbc.query(QUERY, (rs, i) -> new RunSummary(rs.getLong("job_execution_id"),
                rs.getLong("job_instance_id"), rs.getString("spec"), rs.getString("run"), rs.getString("status"),
                rs.getString("exit_message"), local(rs.getTimestamp("start_time")), local(rs.getTimestamp("end_time")),
                rs.getInt("total"), rs.getInt("completed"), rs.getInt("failed"), rs.getInt("running"),
                rs.getInt("trials"), (Double) rs.getObject("mean_reward")), TrialStep.PARTITION_PREFIX + "%", spec, spec, id, id, limit);
    }

    private static LocalDateTime local(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime();
    }

    /**
     * One run as listed.
     *
     * @param total     partitions planned so far
     * @param trials    partitions with a result
     * @param meanReward mean reward over the partitions with a result (unscored as 0), null without any
     */
    public record RunSummary(long jobExecutionId, long jobInstanceId, String spec, String run, String status,
            String exitMessage, LocalDateTime startTime, LocalDateTime endTime, int total, int completed, int failed,
            int running, int trials, Double meanReward) {

        public boolean finished() {
            return endTime != null && !status.equals("STARTING") && !status.equals("STARTED")
                    && !status.equals("STOPPING");
        }

        public int queued() {
            return Math.max(0, total - completed - failed - running);
        }

        /** Wall time: to the end, or to {@code now} while running; null before the start. */
        public Duration duration(LocalDateTime now) {
            return startTime == null ? null : Duration.between(startTime, endTime == null ? now : endTime);
        }

        public PartitionCounts partitions() {
            return new PartitionCounts(total, completed, failed, running, queued());
        }

        /** The JSON shape of {@code list --json} and {@code GET /api/runs}, with the duration up to {@code now}. */
        public Document document(LocalDateTime now) {
            Duration d = duration(now);
            return new Document(jobExecutionId, jobInstanceId, spec, run, status, startTime, endTime,
                    d == null ? null : d.toMillis() / 1000.0, partitions(), trials, meanReward);
        }
    }

    /** One run in {@code list --json} and {@code GET /api/runs}. */
    public record Document(long jobExecutionId, long jobInstanceId, String spec, String run, String status,
            LocalDateTime startTime, LocalDateTime endTime, Double durationSeconds, PartitionCounts partitions,
            int trials, Double meanReward) {
    }
}
