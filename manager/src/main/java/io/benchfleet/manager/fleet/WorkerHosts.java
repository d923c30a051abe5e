package io.benchfleet.manager.fleet;

import java.time.Duration;
import java.util.List;

import io.benchfleet.worker.host.WorkerRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The worker registry read by the manager: the hosts of a group (stale ones expired to gone first, in the database's
 * clock), their slots and free slots. {@code status}, {@code list}, the web view, the metrics and the fleet
 * controller all read hosts here, never from one process's memory.
 */
public class WorkerHosts {

    /**
     * A host's busy slots are the more of what its last beat said and the live claims its slots hold now: a host beats
     * every heartbeat interval, but claims a partition the moment a slot takes its message, so between two beats the
     * registry alone would call a host that has just started a trial idle (and scale-in would terminate it under the
     * trial). A slot's claim owner is {@code <host id>/c<n>} ({@code WorkerConsumers}); a claim is live while its step
     * runs and its heartbeat is younger than the host lease.
     */
    private static final String HOSTS = """
            SELECT h.host_id, h.instance_id, h.slots,
                   GREATEST(h.busy_slots, (SELECT count(*) FROM step_lease l
                                             JOIN batch_step_execution s ON s.step_execution_id = l.step_execution_id
                                            WHERE left(l.owner, length(h.host_id) + 1) = h.host_id || '/'
                                              AND s.status = 'STARTED'
                                              AND l.heartbeat_at > now() - make_interval(secs => ?)))::int,
                   h.state, h.reason, h.executor, h.version,
                   round(EXTRACT(EPOCH FROM now() - h.heartbeat_at))::bigint AS silent
              FROM worker_host h WHERE h.worker_group = ? AND h.state <> 'gone' ORDER BY h.host_id""";

    /** The slots of the group's most recently started host, gone or not: what a new host will offer. */
    private static final String LAST_SLOTS = """
            SELECT slots FROM worker_host WHERE worker_group = ? ORDER BY started_at DESC LIMIT 1""";

    /** What the group's most recently started hosts measured from their start to taking partitions. */
    private static final String BOOT_TO_READY = """
            SELECT boot_to_ready_seconds, ready_measured_from FROM worker_host
             WHERE worker_group = ? AND boot_to_ready_seconds IS NOT NULL
             ORDER BY started_at DESC LIMIT ?""";

    private final JdbcTemplate jdbc;
    private final WorkerRegistry registry;
    private final Duration hostLease;

    public WorkerHosts(JdbcTemplate jdbc, Duration hostLease) {
        this.jdbc = jdbc;
        this.registry = new WorkerRegistry(jdbc);
        this.hostLease = hostLease;
    }

    /** The group's hosts that are not gone, after expiring those silent past the host lease. */
    public List<RegisteredHost> hosts(String group) {
        registry.expire(group, hostLease);
        return jdbc.query(HOSTS, (rs, i) -> new RegisteredHost(rs.getString(1), rs.getString(2), rs.getInt(3),
                rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9)),
                (double) hostLease.toMillis() / 1000, group);
    }

    /** Slots per host as the group's workers register them; {@code fallback} before any has registered. */
    public int slotsPerHost(String group, int fallback) {
        List<Integer> slots = jdbc.queryForList(LAST_SLOTS, Integer.class, group);
        return slots.isEmpty() || slots.get(0) < 1 ? fallback : slots.get(0);
    }

    /** The boot-to-ready times of the group's {@code hosts} most recently started hosts that measured one. */
    public List<StartupOverhead.Measurement> bootToReady(String group, int hosts) {
        return jdbc.query(BOOT_TO_READY, (rs, i) -> new StartupOverhead.Measurement(rs.getLong(1), rs.getString(2)),
                group, hosts);
    }

    /** Hosts, slots and free slots of the group, for display. */
    public FleetCapacity capacity(String group) {
        return FleetCapacity.of(hosts(group));
    }
}
