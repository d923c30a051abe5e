package io.benchfleet.manager.job;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.manager.run.RunLease;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings an unfinished run into a state Spring Batch can restart (it refuses while any partition is STARTING or
 * STARTED) without losing work and without running a partition twice:
 * <ul>
 * <li>a job execution whose manager still beats its lease is refused ("stop it first"); one whose manager is gone
 * (no heartbeat within the manager lease, read in the database's clock) is marked FAILED with that reason - which
 * also fences the old manager's own status writes, should it only have been paused;</li>
 * <li>partitions still queued (STARTING) are withdrawn (STOPPED): workers skip their old messages, restart re-sends;</li>
 * <li>partitions running on a live worker (fresh heartbeat) are waited for, so they finish with one result; they are
 * never declared lost while their worker beats - after the wait they are reported as still running;</li>
 * <li>partitions whose worker died (heartbeat older than the worker lease) are marked FAILED.</li>
 * </ul>
 */
public class RunRecovery {

    private static final String JOB = """
            SELECT status, job_instance_id, EXTRACT(EPOCH FROM (now() - last_updated)) AS silent_seconds
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

    /** A fresh lease: its worker beat within the lease, in the database's clock. */
    private static final String FRESH_LEASE = """
            EXISTS (SELECT 1 FROM step_lease l WHERE l.step_execution_id = s.step_execution_id
                     AND l.heartbeat_at >= now() - make_interval(secs => ?))""";

    private static final String WORKERS_LOST = """
            UPDATE batch_step_execution s
               SET status = 'FAILED', exit_code = 'WORKER_LOST',
                   exit_message = s.step_name || ': WORKER_LOST: no heartbeat since '
                       || COALESCE((SELECT to_char(l.heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
                                      || ' UTC' FROM step_lease l WHERE l.step_execution_id = s.step_execution_id),
                                   'it was claimed') || '; restart re-runs it',
                   end_time = now(), last_updated = now(), version = s.version + 1
             WHERE s.job_execution_id = ? AND s.step_name LIKE ? AND s.status IN ('STARTED', 'STOPPING')
               AND NOT %s""".formatted(FRESH_LEASE);

    private static final String LIVE = """
            SELECT count(*) FROM batch_step_execution s
             WHERE s.job_execution_id = ? AND s.step_name LIKE ? AND s.status IN ('STARTED', 'STOPPING')
               AND %s""".formatted(FRESH_LEASE);

    /** SQL LIKE pattern of the partition step executions. */
    private static final String PARTITIONS = TrialStep.PARTITION_PREFIX + "%";

    private final JdbcTemplate jdbc;
    private final RunLease lease;
    private final Duration workerLease;

    public RunRecovery(JdbcTemplate jdbc, RunLease lease, Duration workerLease) {
        this.jdbc = jdbc;
        this.lease = lease;
        this.workerLease = workerLease;
    }

    /** Thrown when the run still has a live manager. */
    public static class RunStillActiveException extends RuntimeException {
        public RunStillActiveException(String message) {
            super(message);
        }
    }

    /**
     * What settling did.
     *
     * @param managerLost  the execution's manager was gone: it is marked FAILED
     * @param withdrawn    queued partitions withdrawn
     * @param stillRunning partitions still running on live workers after the wait (not restartable yet)
     */
    public record Settlement(boolean managerLost, int withdrawn, int stillRunning) {

        static final Settlement NOTHING = new Settlement(false, 0, 0);
    }

    /**
     * Settles job execution {@code id}; waits (printing progress to {@code out}) at most {@code maxWait} for
     * partitions running on live workers. Those still running after it are left alone and counted.
     */
    public Settlement settle(long id, String reason, Duration maxWait, PrintWriter out) throws InterruptedException {
        List<Object[]> job = jdbc.query(JOB, (rs, i) -> new Object[] {rs.getString(1), rs.getLong(2),
                rs.getDouble(3)}, id);
        if (job.isEmpty()) {
            return Settlement.NOTHING;
        }
        String status = (String) job.get(0)[0];
        boolean managerLost = false;
        if (List.of("STARTING", "STARTED", "STOPPING").contains(status)) {
            double silent = managerSilentSeconds(id, (Long) job.get(0)[1], (Double) job.get(0)[2]);
            if (silent <= lease.lease().toMillis() / 1000.0) {
                throw new RunStillActiveException("job execution " + id + " is " + status + " and its manager was "
                        + "seen " + Math.round(silent) + " s ago: stop it first with 'benchfleet stop " + id + "'");
            }
            String lost = "manager lost: no heartbeat for " + Math.round(silent) + " s; " + reason;
            lease.revoke((Long) job.get(0)[1]);
            jdbc.update(MANAGER_LOST, lost, id);
            jdbc.update(MANAGER_STEPS_LOST, lost, id, PARTITIONS);
            out.println("Job execution " + id + ": its manager is gone (" + Math.round(silent) + " s silent), marked "
                    + "FAILED");
            managerLost = true;
        }
        int withdrawn = jdbc.update(WITHDRAW, "withdrawn: " + reason, id, PARTITIONS);
        if (withdrawn > 0) {
            out.println(withdrawn + " queued partitions withdrawn");
        }
        double workerSeconds = workerLease.toMillis() / 1000.0;
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            jdbc.update(WORKERS_LOST, id, PARTITIONS, workerSeconds);
            Integer live = jdbc.queryForObject(LIVE, Integer.class, id, PARTITIONS, workerSeconds);
            if (live == null || live == 0) {
                return new Settlement(managerLost, withdrawn, 0);
            }
            if (System.nanoTime() > deadline) {
                return new Settlement(managerLost, withdrawn, live);
            }
            out.println("waiting for " + live + " running partitions to finish (their workers are alive)");
            out.flush();
            Thread.sleep(1000);
        }
    }

    /**
     * Seconds since the execution's manager last beat: its run lease (the database's clock); for a run started
     * before leases existed, Spring Batch's own last update of the execution.
     */
    private double managerSilentSeconds(long jobExecutionId, long jobInstanceId, double lastUpdated) {
        RunLease.Liveness liveness = lease.liveness(jobInstanceId);
        return liveness.known() && liveness.jobExecutionId() == jobExecutionId ? liveness.silentSeconds()
                : lastUpdated;
    }
}
