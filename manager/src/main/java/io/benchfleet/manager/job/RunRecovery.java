package io.benchfleet.manager.job;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings an unfinished run into a state Spring Batch can restart (it refuses while any partition is STARTING or
 * STARTED) without losing work and without running a partition twice:
 * <ul>
 * <li>a job execution whose manager still beats its heartbeat is refused ("stop it first"); one whose manager is gone
 * (heartbeat older than the manager lease) is marked FAILED with that reason;</li>
 * <li>partitions still queued (STARTING) are withdrawn (STOPPED): workers skip their old messages, restart re-sends;</li>
 * <li>partitions running on a live worker (fresh heartbeat) are waited for, so they finish with one result;</li>
 * <li>partitions whose worker died (heartbeat older than the worker lease) are marked FAILED.</li>
 * </ul>
 */
public class RunRecovery {

    private static final String JOB = """
            SELECT status, EXTRACT(EPOCH FROM (now() - last_updated)) AS silent_seconds
              FROM batch_job_execution WHERE job_execution_id = ?""";

    private static final String MANAGER_LOST = """
            UPDATE batch_job_execution
               SET status = 'FAILED', exit_code = 'FAILED', exit_message = ?, end_time = now(), last_updated = now(),
                   version = version + 1
             WHERE job_execution_id = ? AND status IN ('STARTING', 'STARTED', 'STOPPING')""";

    private static final String MANAGER_STEPS_LOST = """
            UPDATE batch_step_execution
               SET status = 'FAILED', exit_code = 'FAILED', exit_message = ?, end_time = now(), last_updated = now(),
                   version = version + 1
             WHERE job_execution_id = ? AND step_name NOT LIKE ?
               AND status IN ('STARTING', 'STARTED', 'STOPPING')""";

    private static final String WITHDRAW = """
            UPDATE batch_step_execution
               SET status = 'STOPPED', exit_code = 'STOPPED', exit_message = ?, end_time = now(), last_updated = now(),
                   version = version + 1
             WHERE job_execution_id = ? AND step_name LIKE ? AND status = 'STARTING'""";

    private static final String WORKERS_LOST = """
            UPDATE batch_step_execution
               SET status = 'FAILED', exit_code = 'WORKER_LOST', exit_message = step_name || ': WORKER_LOST: no '
                       || 'heartbeat since ' || last_updated || '; restart re-runs it', end_time = now(),
                   last_updated = now(), version = version + 1
             WHERE job_execution_id = ? AND step_name LIKE ? AND status IN ('STARTED', 'STOPPING')
               AND last_updated < now() - make_interval(secs => ?)""";

    private static final String LIVE = """
            SELECT count(*) FROM batch_step_execution
             WHERE job_execution_id = ? AND step_name LIKE ? AND status IN ('STARTED', 'STOPPING')""";

    /** SQL LIKE pattern of the partition step executions. */
    private static final String PARTITIONS = TrialStep.PARTITION_PREFIX + "%";

    private final JdbcTemplate jdbc;
    private final Duration managerLease;
    private final Duration workerLease;

    public RunRecovery(JdbcTemplate jdbc, Duration managerLease, Duration workerLease) {
        this.jdbc = jdbc;
        this.managerLease = managerLease;
        this.workerLease = workerLease;
    }

    /** Thrown when the run still has a live manager. */
    public static class RunStillActiveException extends RuntimeException {
        public RunStillActiveException(String message) {
            super(message);
        }
    }

    /**
     * Settles job execution {@code id}; waits (printing progress to {@code out}) at most {@code maxWait} for live
     * partitions, then treats them as lost.
     */
    public void settle(long id, String reason, Duration maxWait, PrintWriter out) throws InterruptedException {
        List<Object[]> job = jdbc.query(JOB, (rs, i) -> new Object[] {rs.getString(1), rs.getDouble(2)}, id);
        if (job.isEmpty()) {
            return;
        }
        String status = (String) job.get(0)[0];
        double silent = (Double) job.get(0)[1];
        if (List.of("STARTING", "STARTED", "STOPPING").contains(status)) {
            if (silent < managerLease.toSeconds()) {
                throw new RunStillActiveException("job execution " + id + " is " + status + " and its manager was "
                        + "seen " + Math.round(silent) + " s ago: stop it first with 'benchfleet stop " + id + "'");
            }
            String lost = "manager lost: no heartbeat for " + Math.round(silent) + " s; " + reason;
            jdbc.update(MANAGER_LOST, lost, id);
            jdbc.update(MANAGER_STEPS_LOST, lost, id, PARTITIONS);
            out.println("Job execution " + id + ": its manager is gone (" + Math.round(silent) + " s silent), marked "
                    + "FAILED");
        }
        int withdrawn = jdbc.update(WITHDRAW, "withdrawn: " + reason, id, PARTITIONS);
        if (withdrawn > 0) {
            out.println(withdrawn + " queued partitions withdrawn");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            jdbc.update(WORKERS_LOST, id, PARTITIONS, (double) workerLease.toMillis() / 1000);
            Integer live = jdbc.queryForObject(LIVE, Integer.class, id, PARTITIONS);
            if (live == null || live == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                jdbc.update(WORKERS_LOST, id, PARTITIONS, 0.0);
                out.println(live + " partitions still running after " + maxWait + ": marked lost");
                break;
            }
            out.println("waiting for " + live + " running partitions to finish (their workers are alive)");
            out.flush();
            Thread.sleep(1000);
        }
    }
}
