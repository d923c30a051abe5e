package io.benchfleet.worker.queue;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Claims a partition's step execution in the job repository before a worker runs it, so that a redelivered or
 * duplicated SQS message never runs a partition twice: only one worker can move the row from STARTING to STARTED, or
 * take over a STARTED one whose heartbeat is older than the lease (its worker died). The version is bumped like
 * Spring Batch's own optimistic locking; the caller reloads the step execution.
 */
public class StepClaim {

    private static final String CLAIM = """
            UPDATE batch_step_execution
               SET status = 'STARTED', version = version + 1, last_updated = now()
             WHERE step_execution_id = ?
               AND (status = 'STARTING'
                    OR (status = 'STARTED' AND last_updated < now() - make_interval(secs => ?)))""";

    private final JdbcTemplate jdbc;
    private final java.time.Duration lease;

    public StepClaim(JdbcTemplate jdbc, java.time.Duration lease) {
        this.jdbc = jdbc;
        this.lease = lease;
    }

    /** True when this worker now owns the step execution. */
    public boolean tryClaim(long stepExecutionId) {
        return jdbc.update(CLAIM, stepExecutionId, (double) lease.toMillis() / 1000) == 1;
    }
}
