package io.benchfleet.manager.export;

import java.util.List;

import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;

/** What a run's export reads: the latest result of each partition, and the partitions the run planned. */
public class ExportQuery {

    private static final String LATEST = """
            SELECT DISTINCT ON (partition_key) partition_key, task, attempt, trial_name, artifact_uri, archive_state,
                   executor, failure_class, host, configuration
              FROM trial_result
             WHERE job_instance_id = ?
             ORDER BY partition_key, id DESC""";

    private static final String PLANNED = """
            SELECT DISTINCT s.step_name
              FROM batch_step_execution s JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
             WHERE j.job_instance_id = ? AND s.step_name LIKE ?""";

    private final JdbcTemplate jdbc;

    public ExportQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<ExportRow> latest(long jobInstanceId) {
        return jdbc.query(LATEST, new DataClassRowMapper<>(ExportRow.class), jobInstanceId);
    }

    /** The keys of every partition the run planned (its trial steps, over all its executions). */
    public List<String> plannedKeys(long jobInstanceId) {
        return jdbc.queryForList(PLANNED, String.class, jobInstanceId, TrialStep.PARTITION_PREFIX + "%").stream()
                .map(TrialStep::partitionKey).sorted().toList();
    }
}
