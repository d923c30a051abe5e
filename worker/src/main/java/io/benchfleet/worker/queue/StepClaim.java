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

    private static final String MARK_INFRA = """
            UPDATE batch_step_execution
               SET exit_code = 'INFRA', exit_message = ?, version = version + 1, last_updated = now()
             WHERE step_execution_id = ? AND status = 'FAILED' AND exit_code NOT IN ('INFRA', 'CONFIG')""";

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

    /**
     * Reclassifies a FAILED step execution as an INFRA failure (the manager retries those), e.g. when its result
     * could not be committed because the repository was down. False when it could not (not FAILED, or no database).
     */
    public boolean markInfraFailure(long stepExecutionId, String reason) {
        try {
            return jdbc.update(MARK_INFRA, reason.length() > 2500 ? reason.substring(0, 2500) : reason,
                    stepExecutionId) == 1;
        } catch (org.springframework.dao.DataAccessException e) {
            return false;
        }
    }
}
