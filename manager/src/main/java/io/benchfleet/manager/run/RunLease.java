package io.benchfleet.manager.run;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.benchfleet.jobdefs.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The manager lease of the runs this process drives ({@code run_lease}, in the database's clock). A manager takes a
 * run when its job execution starts, raising the run's epoch; it beats the lease while it supervises, and every write
 * it makes for the run carries its {@link RunFence}, refused once another manager took the run over (a manager that
 * was only paused past its lease and wakes up). {@link #liveness} tells any process whether a run's manager is alive.
 */
public class RunLease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLease.class);

    private static final String TAKE = """
            INSERT INTO run_lease (job_instance_id, job_execution_id, epoch, owner, taken_at, heartbeat_at)
            VALUES (?, ?, 1, ?, now(), now())
            ON CONFLICT (job_instance_id) DO UPDATE
               SET job_execution_id = EXCLUDED.job_execution_id, epoch = run_lease.epoch + 1,
                   owner = EXCLUDED.owner, taken_at = now(), heartbeat_at = now()
            RETURNING epoch""";

    private static final String BEAT = """
            UPDATE run_lease SET heartbeat_at = now() WHERE job_instance_id = ? AND epoch = ?""";

    private static final String REVOKE = """
            UPDATE run_lease SET epoch = epoch + 1, owner = ?, taken_at = now() WHERE job_instance_id = ?""";

    private static final String EPOCH = "SELECT epoch FROM run_lease WHERE job_instance_id = ?";

    private static final String HOLDER = """
            SELECT job_execution_id, epoch, owner, EXTRACT(EPOCH FROM now() - heartbeat_at) AS silent_seconds,
                   heartbeat_at
              FROM run_lease WHERE job_instance_id = ?""";

    private final JdbcTemplate jdbc;
    private final Duration lease;
    private final String owner;
    private final Map<Long, RunFence> held = new ConcurrentHashMap<>();
    /** Every fence this process took, kept after its execution ended: its last status write is judged by it. */
    private final Map<Long, RunFence> taken = new ConcurrentHashMap<>();
    private final Set<Long> fenced = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchfleet-run-lease");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param lease a run whose manager has not beaten for longer has no manager
     * @param beat  how often this process beats for the runs it drives (well within the lease)
     */
    public RunLease(JdbcTemplate jdbc, Duration lease, Duration beat) {
        this.jdbc = jdbc;
        this.lease = lease;
        this.owner = ManagementFactory.getRuntimeMXBean().getName();
        beats.scheduleWithFixedDelay(this::beatAll, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This process now drives job execution {@code jobExecutionId} of run {@code jobInstanceId}. */
    public RunFence take(long jobInstanceId, long jobExecutionId) {
        Long epoch = jdbc.queryForObject(TAKE, Long.class, jobInstanceId, jobExecutionId, owner);
        RunFence fence = new RunFence(jobInstanceId, jobExecutionId, epoch == null ? 1 : epoch);
        held.put(jobExecutionId, fence);
        taken.put(jobExecutionId, fence);
        log.info("manager {} takes run {} (job execution {}) at epoch {}", owner, jobInstanceId, jobExecutionId,
                fence.epoch());
        return fence;
    }

    /** The fence of a job execution this process drives, empty when it drives none such. */
    public Optional<RunFence> fence(long jobExecutionId) {
        return Optional.ofNullable(held.get(jobExecutionId));
    }

    /**
     * Renews the lease of every run this process drives, from the moment it takes one until the job execution ends
     * (dispatch, supervision and the report alike). A run taken over by another manager is no longer beaten for.
     */
    void beatAll() {
        for (RunFence fence : held.values()) {
            try {
                if (jdbc.update(BEAT, fence.jobInstanceId(), fence.epoch()) != 1) {
                    lost(fence);
                }
            } catch (RuntimeException e) {
                log.warn("manager heartbeat of run {} failed (repository unreachable?): {}; retrying",
                        fence.jobInstanceId(), Messages.rootMessage(e));
            }
        }
    }

    /** Throws {@link ManagerFencedException} unless {@code fence} still holds the run. */
    public void require(RunFence fence) {
        List<Long> epochs = jdbc.queryForList(EPOCH, Long.class, fence.jobInstanceId());
        if (epochs.isEmpty() || epochs.get(0) != fence.epoch()) {
            throw lost(fence);
        }
    }

    /**
     * Inside the caller's transaction: share-locks the run's lease row and throws {@link ManagerFencedException}
     * unless {@code fence} holds it. A takeover waits for the transaction, so what the caller writes in it was
     * written while this manager held the run.
     */
    public void lockHeld(RunFence fence) {
        List<Long> epochs = jdbc.queryForList(EPOCH + " FOR SHARE", Long.class, fence.jobInstanceId());
        if (epochs.isEmpty() || epochs.get(0) != fence.epoch()) {
            throw lost(fence);
        }
    }

    /**
     * A run whose manager is gone is taken from it before anything else is done for the run (restart, stop, abandon
     * of a dead manager's run): its epoch goes up, so that manager, were it only paused, can write nothing more.
     */
    public void revoke(long jobInstanceId) {
        jdbc.update(REVOKE, "revoked by " + owner, jobInstanceId);
    }

    /**
     * Whether this process may still write job execution {@code jobExecutionId}'s own rows (its status, its manager
     * steps): always for an execution it did not drive (a command acting on a dead manager's run), and for one it
     * took only while it still holds the run at its epoch (read from the database now, so a manager that was paused
     * and has not noticed yet is refused too).
     */
    public boolean mayWrite(long jobExecutionId) {
        if (fenced.contains(jobExecutionId)) {
            return false;
        }
        RunFence fence = taken.get(jobExecutionId);
        if (fence == null) {
            return true;
        }
        try {
            require(fence);
            return true;
        } catch (ManagerFencedException e) {
            return false;
        }
    }

    /** Whether this process lost job execution {@code jobExecutionId}'s run to another manager. */
    public boolean fenced(long jobExecutionId) {
        return fenced.contains(jobExecutionId);
    }

    /** The job execution ended: this process stops beating for it. */
    public void release(long jobExecutionId) {
        held.remove(jobExecutionId);
    }

    @Override
    public void close() {
        beats.shutdownNow();
    }

    /** Whether the manager of run {@code jobInstanceId} beat within the lease, read in the database's clock. */
    public Liveness liveness(long jobInstanceId) {
        return jdbc.query(HOLDER, rs -> rs.next() ? new Liveness(true, rs.getLong("job_execution_id"),
                rs.getString("owner"), rs.getDouble("silent_seconds"), rs.getTimestamp("heartbeat_at").toInstant(),
                rs.getDouble("silent_seconds") <= lease.toMillis() / 1000.0)
                : Liveness.UNKNOWN, jobInstanceId);
    }

    public Duration lease() {
        return lease;
    }

    /** How a view shows job execution {@code jobExecutionId}'s manager; null for a finished run or no lease. */
    public ManagerState state(long jobInstanceId, long jobExecutionId, boolean finished) {
        Liveness l = liveness(jobInstanceId);
        if (!l.known() || l.jobExecutionId() != jobExecutionId) {
            return null;
        }
        return ManagerState.of(jobExecutionId, finished, l.owner(), l.lastHeartbeat(), l.silentSeconds(),
                lease.toMillis());
    }

    private ManagerFencedException lost(RunFence fence) {
        held.remove(fence.jobExecutionId());
        Liveness now = liveness(fence.jobInstanceId());
        ManagerFencedException e = new ManagerFencedException("manager " + owner + " fenced: run " + fence.jobInstanceId()
                + " (job execution " + fence.jobExecutionId() + ", epoch " + fence.epoch() + ") was taken over by "
                + (now.known() ? now.owner() + " for job execution " + now.jobExecutionId() : "another manager")
                + "; this manager stops without writing for it");
        if (fenced.add(fence.jobExecutionId())) {
            log.error(e.getMessage());
        }
        return e;
    }

    /**
     * Who drives a run and whether it is alive.
     *
     * @param known          a manager ever took the run (runs started before leases existed have none)
     * @param silentSeconds  seconds since its last heartbeat, in the database's clock
     * @param lastHeartbeat  when it last beat
     * @param alive          it beat within the lease
     */
    public record Liveness(boolean known, long jobExecutionId, String owner, double silentSeconds,
            java.time.Instant lastHeartbeat, boolean alive) {

        static final Liveness UNKNOWN = new Liveness(false, 0, null, Double.NaN, null, false);
    }
}
