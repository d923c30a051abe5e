package io.benchfleet.manager.run;

import java.util.EnumMap;
import java.util.Map;

import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.batch.core.BatchStatus;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Partition progress of a job execution in ONE aggregate query (index on job_execution_id), instead of Spring
 * Batch's polling that loads every step execution with its context on every interval.
 */
public class PartitionProgressQuery {

    /** Counts the latest attempt of each partition (an INFRA retry adds a step execution with the same name). */
    private static final String QUERY = """
            SELECT status, count(*) AS n
              FROM (SELECT DISTINCT ON (step_name) status
                      FROM batch_step_execution
                     WHERE job_execution_id = ? AND step_name LIKE ?
                     ORDER BY step_name, step_execution_id DESC) latest
             GROUP BY status""";

    private final JdbcTemplate jdbc;

    public PartitionProgressQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The counts; a query that fails on a broken connection (PostgreSQL restarted: Hikari replaces each pooled
     * connection only after it failed once) is retried once on a fresh one.
     */
    public PartitionProgress forJobExecution(long jobExecutionId) {
        try {
            return query(jobExecutionId);
        } catch (DataAccessException e) {
            if (!TransientRepositoryFailures.isTransient(e)) {
                throw e;
            }
            return query(jobExecutionId);
        }
    }

    private PartitionProgress query(long jobExecutionId) {
        Map<BatchStatus, Integer> counts = new EnumMap<>(BatchStatus.class);
        jdbc.query(QUERY, rs -> {
            counts.put(BatchStatus.valueOf(rs.getString("status")), rs.getInt("n"));
        }, jobExecutionId, TrialStep.PARTITION_PREFIX + "%");
        return new PartitionProgress(counts);
    }
}
