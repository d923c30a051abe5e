package io.benchfleet.worker.queue;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.batch.core.BatchStatus;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Claims a partition's step execution in the job repository before a worker runs it, so that a redelivered or
 * duplicated SQS message never runs a partition twice: a claim takes the partition's lease ({@code step_lease}) when
 * there is none yet or its heartbeat is older than the lease (its worker died), and moves the step from STARTING (or
 * a dead worker's STARTED, or the UNKNOWN Spring Batch leaves when a repository outage cut its final write short) to
 * STARTED, both in one statement (one round trip, no transaction to open and commit). An UNKNOWN step would otherwise
 * be skipped by every worker and counted by no manager, stranding its run; taken again, its trial step finishes from
 * the recorded result if there is one. The lease's times are the database's own clock, so hosts in other time zones
 * read it alike. The version is bumped like Spring Batch's own optimistic locking; the caller reloads the step
 * execution.
 */
public class StepClaim {

    /**
     * The step's row is locked first, and only while it is claimable ({@code FOR NO KEY UPDATE}, the lock its UPDATE
     * takes anyway, reads the newest version of a row another transaction changed, and waits for it; unlike
     * {@code FOR UPDATE} it does not wait for the key-share locks of foreign keys, such as a result row's insert):
     * then the lease is taken - inserted, or a stale one's upsert, whose row lock decides between two claims at once -
     * and only a taken lease starts the step. A step that is finished, or missing, locks nothing and leaves its lease
     * as it was, whatever its age.
     */
    private static final String CLAIM = """
            WITH step AS (
                SELECT step_execution_id FROM batch_step_execution
                 WHERE step_execution_id = ? AND status IN ('STARTING', 'STARTED', 'UNKNOWN')
                   FOR NO KEY UPDATE
            ), lease AS (
                INSERT INTO step_lease (step_execution_id, owner, token, claimed_at, heartbeat_at)
                SELECT step_execution_id, ?, ?, now(), now() FROM step
                ON CONFLICT (step_execution_id) DO UPDATE
                   SET owner = EXCLUDED.owner, token = EXCLUDED.token, claimed_at = now(), heartbeat_at = now()
                 WHERE step_lease.heartbeat_at < now() - make_interval(secs => ?)
                RETURNING step_execution_id
            )
            UPDATE batch_step_execution s
               SET status = 'STARTED', version = s.version + 1, last_updated = now()
              FROM lease
             WHERE s.step_execution_id = lease.step_execution_id""";

    private static final String STATUS = "SELECT status FROM batch_step_execution WHERE step_execution_id = ?";

    private static final String MARK_INFRA = """
            UPDATE batch_step_execution
               SET exit_code = 'INFRA', exit_message = ?, version = version + 1, last_updated = now()
             WHERE step_execution_id = ? AND status = 'FAILED' AND exit_code NOT IN ('INFRA', 'CONFIG')""";

    /**
     * A trial step that Spring Batch ended STOPPED or FAILED after it recorded its result gets back the outcome its
     * result row says: COMPLETED, or FAILED with the INFRA or CONFIG failure. STOPPED: a worker step is interrupted
     * at its final update when its job is STOPPED or STOPPING (e.g. the manager stopped on a signal while the trial
     * ran). FAILED: the job repository failed after the row was committed (a PostgreSQL restart while the step
     * archived or wrote its end), so the paid trial is not retried as a new attempt.
     */
    private static final String RESTORE_OUTCOME = """
            UPDATE batch_step_execution s
               SET status = CASE WHEN r.failure_class IN ('INFRA', 'CONFIG') THEN 'FAILED' ELSE 'COMPLETED' END,
                   exit_code = CASE WHEN r.failure_class IN ('INFRA', 'CONFIG') THEN r.failure_class
                                    ELSE 'COMPLETED' END,
                   exit_message = CASE WHEN r.failure_class IN ('INFRA', 'CONFIG')
                                       THEN r.partition_key || ': ' || r.failure_class || ' failure ('
                                            || COALESCE(r.exception_type, '-') || '): '
                                            || COALESCE(r.exception_message, '')
                                       ELSE '' END,
                   version = s.version + 1, last_updated = now()
              FROM trial_result r
             WHERE s.step_execution_id = ? AND r.step_execution_id = s.step_execution_id
               AND s.status IN ('STOPPED', 'FAILED')
            RETURNING s.status""";

    private final JdbcTemplate jdbc;
    private final Duration lease;

    public StepClaim(JdbcTemplate jdbc, Duration lease) {
        this.jdbc = jdbc;
        this.lease = lease;
    }

    /** A claim this worker holds: the token its heartbeat renews. */
    public record Lease(long stepExecutionId, String owner, UUID token) {
    }

    /**
     * The lease when this worker ({@code owner}: its slot) now owns the step execution; empty when it does not (the
     * step is finished, leased elsewhere, or not in the repository: {@link #status} tells which).
     */
    public Optional<Lease> claim(long stepExecutionId, String owner) {
        UUID token = UUID.randomUUID();
        return jdbc.update(CLAIM, stepExecutionId, owner, token, seconds(lease)) == 1
                ? Optional.of(new Lease(stepExecutionId, owner, token)) : Optional.empty();
    }

    /** Whether a step in {@code status} can be claimed (its lease permitting). */
    public static boolean claimable(BatchStatus status) {
        return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.UNKNOWN;
    }

    /** The step execution's status in the repository; empty when there is no such step execution. */
    public Optional<BatchStatus> status(long stepExecutionId) {
        return jdbc.queryForList(STATUS, String.class, stepExecutionId).stream().findFirst().map(BatchStatus::valueOf);
    }

    /**
     * Reclassifies a FAILED step execution as an INFRA failure (the manager retries those), when its result could not
     * be committed because the repository was down (a recorded result is restored instead: {@link #restoreOutcome}).
     * False when it could not (not FAILED, or no database).
     */
    public boolean markInfraFailure(long stepExecutionId, String reason) {
        try {
            return jdbc.update(MARK_INFRA, reason.length() > 2500 ? reason.substring(0, 2500) : reason,
                    stepExecutionId) == 1;
        } catch (DataAccessException e) {
            return false;
        }
    }

    /**
     * The outcome of a trial step Spring Batch stopped or failed after its result was recorded, restored from the
     * result row; empty when the step is neither STOPPED nor FAILED or has no result (an interrupted trial, or a
     * result the repository failure kept from being committed).
     */
    public Optional<String> restoreOutcome(long stepExecutionId) {
        return jdbc.queryForList(RESTORE_OUTCOME, String.class, stepExecutionId).stream().findFirst();
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
