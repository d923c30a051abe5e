package io.benchfleet.manager.partition;

import java.time.Duration;
import java.util.List;

import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.manager.run.RunFence;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The manager's per-interval housekeeping of one running job execution, each in one statement: whether someone asked
 * it to stop, queued partitions to withdraw, INFRA failures due for a retry, partitions whose worker died, and a
 * CONFIG failure that stops the run. Writes carry the manager's {@link RunFence} and change nothing once another
 * manager took the run over. (The manager's heartbeat is the {@code RunLease}'s.)
 */
public class PartitionSupervisor {

    private static final String STOP_REQUESTED = """
            SELECT EXISTS (SELECT 1 FROM run_stop_request WHERE job_execution_id = ?)
                OR EXISTS (SELECT 1 FROM batch_job_execution WHERE job_execution_id = ? AND status = 'STOPPING')""";

    private static final String REQUEST_STOP = """
            INSERT INTO run_stop_request (job_execution_id, reason) VALUES (?, ?) ON CONFLICT DO NOTHING""";

    private static final String WITHDRAW_QUEUED = """
            UPDATE batch_step_execution
               SET status = 'STOPPED', exit_code = 'STOPPED', exit_message = ?, end_time = now(),
                   last_updated = now(), version = version + 1
             WHERE job_execution_id = ? AND step_name LIKE ? AND status = 'STARTING'
               AND %s""".formatted(RunFence.HELD);

    private static final String RETRY_CANDIDATES = """
            SELECT s.step_execution_id, a.attempts
              FROM batch_step_execution s
              JOIN (SELECT step_name, max(step_execution_id) AS latest, count(*) AS attempts
                      FROM batch_step_execution
                     WHERE job_execution_id = ? AND step_name LIKE ?
                     GROUP BY step_name) a ON s.step_execution_id = a.latest
             WHERE s.status = 'FAILED' AND s.exit_code = 'INFRA' AND a.attempts <= ?""";

    private static final String CONFIG_FAILURE = """
            SELECT exit_message FROM batch_step_execution
             WHERE job_execution_id = ? AND step_name LIKE ? AND exit_code = 'CONFIG' LIMIT 1""";

    /** The lease's heartbeat is the database's clock, so workers in any time zone are judged alike. */
    private static final String ORPHANS = """
            SELECT s.step_execution_id FROM batch_step_execution s JOIN step_lease l USING (step_execution_id)
             WHERE s.job_execution_id = ? AND s.step_name LIKE ? AND s.status = 'STARTED'
               AND l.heartbeat_at < now() - make_interval(secs => ?)""";

    /** SQL LIKE pattern of the partition step executions. */
    private static final String PARTITIONS = TrialStep.PARTITION_PREFIX + "%";

    private final JdbcTemplate jdbc;

    public PartitionSupervisor(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code benchfleet stop} (or Spring Batch's own stop) asked this job execution to stop. */
    public boolean stopRequested(long jobExecutionId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(STOP_REQUESTED, Boolean.class, jobExecutionId,
                jobExecutionId));
    }

    /** Records a stop request for the manager of a running job execution to act on. */
    public void requestStop(long jobExecutionId, String reason) {
        jdbc.update(REQUEST_STOP, jobExecutionId, reason);
    }

    /** Marks partitions still waiting in the queue STOPPED; workers skip their messages. Returns how many. */
    public int withdrawQueued(RunFence fence, String reason) {
        return jdbc.update(WITHDRAW_QUEUED, reason, fence.jobExecutionId(), PARTITIONS, fence.jobInstanceId(),
                fence.epoch());
    }

    /** The message of a CONFIG failure in this job execution, if any: retrying cannot help, the run stops. */
    public String configFailure(long jobExecutionId) {
        List<String> messages = jdbc.queryForList(CONFIG_FAILURE, String.class, jobExecutionId, PARTITIONS);
        return messages.isEmpty() ? null : messages.get(0);
    }

    /**
     * Latest attempts that failed with INFRA and have retries left ({@code attempts <= maxRetries}). (The backoff is
     * the SQS delay of the re-sent request.)
     */
    public List<RetryCandidate> retryCandidates(long jobExecutionId, int maxRetries) {
        return jdbc.query(RETRY_CANDIDATES, (rs, i) -> new RetryCandidate(rs.getLong(1), rs.getInt(2)),
                jobExecutionId, PARTITIONS, maxRetries);
    }

    /** Running partitions whose worker has not beaten its heartbeat for longer than {@code lease}: lost workers. */
    public List<Long> orphans(long jobExecutionId, Duration lease) {
        return jdbc.queryForList(ORPHANS, Long.class, jobExecutionId, PARTITIONS, (double) lease.toMillis() / 1000);
    }
}
