package io.benchfleet.manager.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** Reads a run's results: the latest {@code trial_result} row of each partition over all executions of the run. */
public class TrialResultQuery {

    private static final String LATEST = """
            SELECT DISTINCT ON (partition_key) *
              FROM trial_result
             WHERE job_instance_id = ?
             ORDER BY partition_key, id DESC""";

    private static final String PLANNED = """
            SELECT count(DISTINCT s.step_name)
              FROM batch_step_execution s JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
             WHERE j.job_instance_id = ? AND s.step_name LIKE 'trial:%'""";

    private final JdbcTemplate jdbc;

    public TrialResultQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<TrialRow> latestPerPartition(long jobInstanceId) {
        return jdbc.query(LATEST, (rs, i) -> row(rs), jobInstanceId);
    }

    /** Partitions created for the run so far (over all its executions). */
    public int plannedPartitions(long jobInstanceId) {
        Integer n = jdbc.queryForObject(PLANNED, Integer.class, jobInstanceId);
        return n == null ? 0 : n;
    }

    private static TrialRow row(ResultSet rs) throws SQLException {
        return new TrialRow(rs.getString("partition_key"), rs.getString("task"), rs.getInt("attempt"),
                (Double) rs.getObject("reward"), rs.getBoolean("passed"), rs.getString("failure_class"),
                rs.getString("exception_type"), rs.getString("exception_message"),
                (Long) rs.getObject("n_input_tokens"), (Long) rs.getObject("n_cache_tokens"),
                (Long) rs.getObject("n_output_tokens"), (Double) rs.getObject("cost_usd"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                (Long) rs.getObject("duration_ms"), rs.getString("host"), rs.getString("artifact_uri"));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
