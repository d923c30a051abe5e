package io.benchfleet.manager.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads a run's results: the latest {@code trial_result} row of each partition over all executions of the run. */
public class TrialResultQuery {

    private static final String LATEST = """
            SELECT DISTINCT ON (partition_key) *
              FROM trial_result
             WHERE job_instance_id = ?
             ORDER BY partition_key, id DESC""";

    private static final String PROVENANCE = """
            WITH latest AS (SELECT DISTINCT ON (partition_key) *
                              FROM trial_result
                             WHERE job_instance_id = ?
                             ORDER BY partition_key, id DESC)
            SELECT executor, harbor_version, agent, model, agent_version, task, task_checksum, count(*) AS trials
              FROM latest
             GROUP BY executor, harbor_version, agent, model, agent_version, task, task_checksum""";

    private static final String PLANNED = """
            SELECT count(DISTINCT s.step_name)
              FROM batch_step_execution s JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
             WHERE j.job_instance_id = ? AND s.step_name LIKE ?""";

    private static final String MISSING = """
            SELECT DISTINCT substr(s.step_name, length(?) + 1) AS partition_key
              FROM batch_step_execution s JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
             WHERE j.job_instance_id = ? AND s.step_name LIKE ?
               AND NOT EXISTS (SELECT 1 FROM trial_result t
                                WHERE t.job_instance_id = j.job_instance_id
                                  AND t.partition_key = substr(s.step_name, length(?) + 1))
             ORDER BY 1""";

    /**
     * The latest COMPLETED execution of each earlier job instance of a job and spec, newest first, of the same kind
     * (rehearsals, with simulated trials, or real runs, without).
     */
    private static final String COMPLETED_BEFORE = """
            SELECT DISTINCT ON (e.job_instance_id) e.job_execution_id, e.job_instance_id, e.start_time,
                   (SELECT p.parameter_value FROM batch_job_execution_params p
                     WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name IN ('runId', 'runDate')
                     LIMIT 1) AS run
              FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
             WHERE e.status = 'COMPLETED' AND i.job_instance_id < ? AND i.job_name = ?
               AND EXISTS (SELECT 1 FROM batch_job_execution_params p
                            WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'spec'
                              AND p.parameter_value = ?)
               AND EXISTS (SELECT 1 FROM trial_result t
                            WHERE t.job_instance_id = i.job_instance_id AND t.executor = '%s') = ?
             ORDER BY e.job_instance_id DESC, e.job_execution_id DESC
             LIMIT ?""".formatted(RunProvenance.SIMULATED);

    private static final String SETTINGS = """
            SELECT parameter_name, parameter_value FROM batch_job_execution_params
             WHERE job_execution_id = ? AND parameter_name IN (?, ?)""";

    private final JdbcTemplate jdbc;

    public TrialResultQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<TrialRow> latestPerPartition(long jobInstanceId) {
        return jdbc.query(LATEST, (rs, i) -> row(rs), jobInstanceId);
    }

    /** What the run's latest results ran with (executors, Harbor releases, agent versions, task checksums). */
    public RunProvenance provenance(long jobInstanceId) {
        return RunProvenance.of(jdbc.query(PROVENANCE, (rs, i) -> new RunProvenance.Group(rs.getString("executor"),
                rs.getString("harbor_version"), rs.getString("agent"), rs.getString("model"),
                rs.getString("agent_version"),
                rs.getString("task"), rs.getString("task_checksum"), rs.getInt("trials")), jobInstanceId));
    }

    /** Partitions created for the run so far (over all its executions). */
    public int plannedPartitions(long jobInstanceId) {
        Integer n = jdbc.queryForObject(PLANNED, Integer.class, jobInstanceId, TrialStep.PARTITION_PREFIX + "%");
        return n == null ? 0 : n;
    }

    /** Partition keys of the run's planned {@code trial:<key>} steps that have no result row, in key order. */
    public List<String> missingPartitionKeys(long jobInstanceId) {
        return jdbc.queryForList(MISSING, String.class, TrialStep.PARTITION_PREFIX, jobInstanceId, TrialStep.PARTITION_PREFIX + "%",
                TrialStep.PARTITION_PREFIX);
    }

    /**
     * The baseline of a run: the latest COMPLETED execution of an earlier job instance of the same job and spec, and
     * of the same kind: a rehearsal ({@code rehearsal}: its trials are simulated) is compared with rehearsals, a real
     * run only with real runs, so invented numbers never judge a benchmark.
     */
    public Optional<Baseline> previousCompletedRun(String jobName, String spec, long jobInstanceId,
            boolean rehearsal) {
        return completedRunsBefore(jobName, spec, jobInstanceId, 1, rehearsal).stream().findFirst();
    }

    /** Up to {@code limit} completed earlier runs of the job and spec of the same kind, newest first. */
    public List<Baseline> completedRunsBefore(String jobName, String spec, long jobInstanceId, int limit,
            boolean rehearsal) {
        return jdbc.query(COMPLETED_BEFORE, (rs, i) -> new Baseline(rs.getLong("job_execution_id"),
                rs.getLong("job_instance_id"), rs.getString("run"), rs.getTimestamp("start_time") == null ? null
                        : rs.getTimestamp("start_time").toLocalDateTime().atZone(ZoneId.systemDefault())
                                .toInstant()), jobInstanceId, jobName, spec, rehearsal, limit);
    }

    /**
     * The report settings a run started with (its spec's {@code report:} options, recorded as job parameters); the
     * defaults for what a run did not record (runs started before the options existed).
     */
    public ReportSettings settings(long jobExecutionId) {
        double[] minCoverage = {ReportSettings.DEFAULTS.minCoverage()};
        int[] trendRuns = {ReportSettings.DEFAULTS.trendRuns()};
        jdbc.query(SETTINGS, rs -> {
            try {
                if (rs.getString(1).equals(ReportSettings.MIN_COVERAGE)) {
                    minCoverage[0] = Double.parseDouble(rs.getString(2));
                } else {
                    trendRuns[0] = Integer.parseInt(rs.getString(2));
                }
            } catch (NumberFormatException e) {
                // a hand-edited parameter: the default stands
            }
        }, jobExecutionId, ReportSettings.MIN_COVERAGE, ReportSettings.TREND_RUNS);
        return new ReportSettings(minCoverage[0], trendRuns[0]);
    }

    /** A completed earlier run to compare with. */
    public record Baseline(long jobExecutionId, long jobInstanceId, String run, Instant startedAt) {
    }

    private static TrialRow row(ResultSet rs) throws SQLException {
        return new TrialRow(rs.getString("partition_key"), rs.getString("task"), rs.getInt("attempt"),
                (Double) rs.getObject("reward"), rs.getBoolean("passed"), rs.getString("failure_class"),
                rs.getString("exception_type"), rs.getString("exception_message"),
                (Long) rs.getObject("n_input_tokens"), (Long) rs.getObject("n_cache_tokens"),
                (Long) rs.getObject("n_output_tokens"), (Double) rs.getObject("cost_usd"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                (Long) rs.getObject("duration_ms"), rs.getString("host"), rs.getString("artifact_uri"),
                rs.getString("configuration"), rs.getString("agent"), rs.getString("model"),
                (Long) rs.getObject("environment_setup_ms"), (Long) rs.getObject("agent_setup_ms"),
                (Long) rs.getObject("agent_execution_ms"), (Long) rs.getObject("verifier_ms"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
