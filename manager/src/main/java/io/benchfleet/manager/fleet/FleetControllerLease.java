package io.benchfleet.manager.fleet;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which manager process controls a worker group now ({@code fleet_controller}, database clock): the row's holder
 * renews it every interval; any process takes it once its heartbeat is older than the lease (the holder died or
 * left), raising the epoch, so two processes never act on the group at once. The row also keeps since when the
 * group has been idle, so a controller taking over after a crash goes on counting the idle time instead of starting
 * again.
 */
public class FleetControllerLease {

    /** Takes a free or stale row, or renews this owner's; returns the epoch held, no row when another holds it. */
    private static final String TAKE_OR_RENEW = """
            INSERT INTO fleet_controller (worker_group, owner, epoch, taken_at, heartbeat_at)
            VALUES (?, ?, 1, now(), now())
            ON CONFLICT (worker_group) DO UPDATE
               SET epoch = CASE WHEN fleet_controller.owner = EXCLUDED.owner THEN fleet_controller.epoch
                                ELSE fleet_controller.epoch + 1 END,
                   taken_at = CASE WHEN fleet_controller.owner = EXCLUDED.owner THEN fleet_controller.taken_at
                                   ELSE now() END,
                   owner = EXCLUDED.owner, heartbeat_at = now()
             WHERE fleet_controller.owner = EXCLUDED.owner
                OR fleet_controller.heartbeat_at < now() - make_interval(secs => ?)
            RETURNING epoch""";

    private static final String BUSY = """
            UPDATE fleet_controller SET idle_since = NULL, desired = ?
             WHERE worker_group = ? AND owner = ? AND epoch = ?""";

    /** Seconds the group has been idle, starting the count now if it was busy. */
    private static final String IDLE = """
            UPDATE fleet_controller SET idle_since = COALESCE(idle_since, now()), desired = ?
             WHERE worker_group = ? AND owner = ? AND epoch = ?
            RETURNING EXTRACT(EPOCH FROM now() - idle_since)""";

    /** '-infinity': stale for any lease (PostgreSQL 15 has no infinite interval: never subtract it from now()). */
    private static final String RELEASE = """
            UPDATE fleet_controller SET heartbeat_at = '-infinity'
             WHERE worker_group = ? AND owner = ? AND epoch = ?""";

    private static final String HOLDER = """
            SELECT owner, heartbeat_at >= now() - make_interval(secs => ?) AS alive FROM fleet_controller
             WHERE worker_group = ?""";

    private final JdbcTemplate jdbc;
    private final String group;
    private final String owner;
    private final Duration lease;

    public FleetControllerLease(JdbcTemplate jdbc, String group, Duration lease) {
        this(jdbc, group, lease, ManagementFactory.getRuntimeMXBean().getName());
    }

    public FleetControllerLease(JdbcTemplate jdbc, String group, Duration lease, String owner) {
        this.jdbc = jdbc;
        this.group = group;
        this.owner = owner;
        this.lease = lease;
    }

    public String owner() {
        return owner;
    }

    /** The epoch this process holds the group with after this call; empty while another live process holds it. */
    public OptionalLong takeOrRenew() {
        List<Long> epochs = jdbc.queryForList(TAKE_OR_RENEW, Long.class, group, owner, seconds(lease));
        return epochs.isEmpty() ? OptionalLong.empty() : OptionalLong.of(epochs.get(0));
    }

    /** Work is active: the idle count stops. */
    public void busy(long epoch, int desired) {
        jdbc.update(BUSY, desired, group, owner, epoch);
    }

    /** Nothing to do: how long the group has been idle (zero on the first idle look). */
    public Duration idle(long epoch, int desired) {
        List<Double> seconds = jdbc.queryForList(IDLE, Double.class, desired, group, owner, epoch);
        return seconds.isEmpty() ? Duration.ZERO : Duration.ofMillis((long) (seconds.get(0) * 1000));
    }

    /** Leaves the group to the next process at once (a clean exit). */
    public void release(long epoch) {
        jdbc.update(RELEASE, group, owner, epoch);
    }

    /** The controlling process and whether it is alive, for display: {@code 1234@host (alive)}. */
    public String holder() {
        return jdbc.query(HOLDER, rs -> rs.next() ? rs.getString(1) + (rs.getBoolean(2) ? "" : " (silent)")
                : "none", seconds(lease), group);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
