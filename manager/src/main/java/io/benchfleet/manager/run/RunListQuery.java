package io.benchfleet.manager.run;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
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
                   COALESCE(tr.trials, 0) AS trials, tr.mean_reward,
                   rl.owner AS manager, rl.heartbeat_at AS manager_heartbeat,
                   EXTRACT(EPOCH FROM now() - rl.heartbeat_at) AS manager_silent_seconds
              FROM batch_job_execution e
              LEFT JOIN run_lease rl
                     ON rl.job_instance_id = e.job_instance_id AND rl.job_execution_id = e.job_execution_id
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
    private final Duration managerLease;

    /** @param managerLease a run whose manager has not beaten for longer has lost it */
    public RunListQuery(JdbcTemplate jdbc, Duration managerLease) {
        this.jdbc = jdbc;
        this.managerLease = managerLease;
    }

    /** The newest {@code limit} runs, of one spec when {@code spec} is not null. */
    public List<RunSummary> newest(String spec, int limit) {
        return query(spec, null, limit);
    }

    public java.util.Optional<RunSummary> find(long jobExecutionId) {
        return query(null, jobExecutionId, 1).stream().findFirst();
    }

    private List<RunSummary> query(String spec, Long id, int limit) {
        return jdbc.query(QUERY, (rs, i) -> {
            long execution = rs.getLong("job_execution_id");
            String status = rs.getString("status");
            LocalDateTime end = local(rs.getTimestamp("end_time"));
            Timestamp heartbeat = rs.getTimestamp("manager_heartbeat");
            Number silent = (Number) rs.getObject("manager_silent_seconds");
            return new RunSummary(execution, rs.getLong("job_instance_id"), rs.getString("spec"),
                    rs.getString("run"), status, rs.getString("exit_message"), local(rs.getTimestamp("start_time")),
                    end, rs.getInt("total"), rs.getInt("completed"), rs.getInt("failed"), rs.getInt("running"),
                    rs.getInt("trials"), (Double) rs.getObject("mean_reward"),
                    ManagerState.of(execution, RunStatusQuery.RunStatus.finished(status, end), rs.getString("manager"),
                            heartbeat == null ? null : heartbeat.toInstant(),
                            silent == null ? null : silent.doubleValue(), managerLease.toMillis()));
        }, TrialStep.PARTITION_PREFIX + "%", spec, spec, id, id, limit);
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
     * @param manager    the manager of an unfinished run (alive or gone), null for a finished one
     */
    public record RunSummary(long jobExecutionId, long jobInstanceId, String spec, String run, String status,
            String exitMessage, LocalDateTime startTime, LocalDateTime endTime, int total, int completed, int failed,
            int running, int trials, Double meanReward, ManagerState manager) {

        public boolean finished() {
            return RunStatusQuery.RunStatus.finished(status, endTime);
        }

        /** The run looks unfinished but its manager is gone. */
        public boolean managerGone() {
            return manager != null && !manager.alive();
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
                    d == null ? null : d.toMillis() / 1000.0, partitions(), trials, meanReward, manager);
        }
    }

    /** One run in {@code list --json} and {@code GET /api/runs}. */
    public record Document(long jobExecutionId, long jobInstanceId, String spec, String run, String status,
            LocalDateTime startTime, LocalDateTime endTime, Double durationSeconds, PartitionCounts partitions,
            int trials, Double meanReward, @JsonInclude(JsonInclude.Include.NON_NULL) ManagerState manager) {
    }
}
