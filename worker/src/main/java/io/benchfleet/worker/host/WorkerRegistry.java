package io.benchfleet.worker.host;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The worker registry ({@code worker_host} of {@code sql/V7__worker_registry_and_fleet_controller.sql}): a host
 * registers when its consumers start, records its boot-to-ready time once it takes partitions ({@code V8}), beats
 * with its busy slots and state, and leaves when it stops. Every time is
 * the database's own clock ({@code now()}), so a host whose JVM clock or zone is off is judged like any other; a row
 * whose heartbeat is older than the lease is expired to {@code gone} by whoever reads the registry.
 */
public class WorkerRegistry {

    /** Host states as stored. */
    public static final String READY = "ready";
    public static final String BUSY = "busy";
    public static final String DRAINING = "draining";
    public static final String GONE = "gone";

    private static final String REGISTER = """
            INSERT INTO worker_host (host_id, worker_group, instance_id, slots, executor, version, started_at,
                                     heartbeat_at, busy_slots, state, reason)
            VALUES (?, ?, ?, ?, ?, ?, now(), now(), 0, 'ready', NULL)
            ON CONFLICT (host_id) DO UPDATE
               SET worker_group = EXCLUDED.worker_group, instance_id = EXCLUDED.instance_id, slots = EXCLUDED.slots,
                   executor = EXCLUDED.executor, version = EXCLUDED.version, started_at = now(),
                   heartbeat_at = now(), busy_slots = 0, state = 'ready', reason = NULL,
                   boot_to_ready_seconds = NULL, ready_measured_from = NULL""";

    /** A host that was expired while it was only slow comes back with its beat. */
    private static final String BEAT = """
            UPDATE worker_host SET heartbeat_at = now(), busy_slots = ?, state = ?, reason = ?
             WHERE host_id = ?""";

    /** Once per registration: a later beat never overwrites what the host measured when it became ready. */
    private static final String RECORD_READY = """
            UPDATE worker_host SET boot_to_ready_seconds = ?, ready_measured_from = ?
             WHERE host_id = ? AND boot_to_ready_seconds IS NULL""";

    private static final String LEAVE = """
            UPDATE worker_host SET heartbeat_at = now(), busy_slots = 0, state = 'gone', reason = ?
             WHERE host_id = ?""";

    private static final String EXPIRE = """
            UPDATE worker_host SET state = 'gone', busy_slots = 0,
                   reason = 'no heartbeat for ' || round(EXTRACT(EPOCH FROM now() - heartbeat_at)) || ' s'
             WHERE worker_group = ? AND state <> 'gone' AND heartbeat_at < now() - make_interval(secs => ?)""";

    private final JdbcTemplate jdbc;

    public WorkerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What a host offers, as it registers. {@code instanceId} is null off EC2. */
    public record Registration(String hostId, String group, String instanceId, int slots, String executor,
            String version) {
    }

    public void register(Registration host) {
        jdbc.update(REGISTER, host.hostId(), host.group(), host.instanceId(), host.slots(), host.executor(),
                host.version());
    }

    /** The host's condition now: {@code draining} (with why) wins over busy/ready. */
    public void beat(String hostId, int slots, int busySlots, String drainingReason) {
        String state = drainingReason != null ? DRAINING : busySlots >= slots ? BUSY : READY;
        jdbc.update(BEAT, busySlots, state, drainingReason, hostId);
    }

    /**
     * Records how long the host took from its start to taking partitions ({@code sql/V8__worker_boot_to_ready.sql});
     * false when the host has no row (not registered yet) or already recorded one.
     */
    public boolean ready(String hostId, HostStart.BootToReady bootToReady) {
        return jdbc.update(RECORD_READY, bootToReady.seconds(), bootToReady.from(), hostId) == 1;
    }

    public void leave(String hostId, String reason) {
        jdbc.update(LEAVE, reason, hostId);
    }

    /** Marks the group's hosts silent for longer than {@code lease} gone; returns how many. */
    public int expire(String group, Duration lease) {
        return jdbc.update(EXPIRE, group, lease.toMillis() / 1000.0);
    }

    /** {@code state}'s own name for a host that takes partitions now. */
    public static boolean takesWork(String state) {
        return READY.equals(state) || BUSY.equals(state);
    }
}
