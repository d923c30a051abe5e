package io.benchfleet.manager.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the controller does to the group in one look, decided from the demand, the registry and the group alone (so
 * it is the same whichever manager process decides):
 * <ul>
 * <li>hosts wanted = {@code min(maxHosts, ceil(slots demanded / slots per registered host))}, the slots demanded
 * being each active run's partitions (queued + running) within its own host limit;</li>
 * <li>more wanted than the group's desired capacity: raise it (never lowered blindly: the group's instances are
 * protected from scale-in, so a lower desired capacity would either kill a busy host or do nothing);</li>
 * <li>fewer wanted: terminate that many hosts the registry shows idle (no busy slot), draining ones first, each with
 * the desired capacity decremented; a busy host is never chosen; nothing while a run has not created its partitions
 * yet (its demand is not known);</li>
 * <li>no active run and no busy host for the idle timeout: every instance that is not busy goes (registered idle or
 * never registered), and the desired capacity is set to zero.</li>
 * </ul>
 *
 * @param raiseTo   the desired capacity to set, or -1 to leave it
 * @param terminate instance ids to terminate (decrementing the desired capacity)
 * @param zero      the group is idle past the timeout: desired capacity 0 after the terminations
 * @param reason    one line for the log
 */
public record FleetDecision(int raiseTo, List<String> terminate, boolean zero, String reason) {

    /** The situation one look sees. */
    public record Situation(FleetDemand.Demand demand, int slotsPerHost, int maxHosts, int desired,
            List<RegisteredHost> hosts, List<String> groupInstances, Duration idleFor, Duration idleTimeout) {

        boolean busyHosts() {
            return hosts.stream().anyMatch(h -> h.busySlots() > 0);
        }

        boolean active() {
            return demand.anyRun() || busyHosts();
        }
    }

    /** Hosts for {@code slots} demanded: {@code min(maxHosts, ceil(slots / slotsPerHost))}. */
    public static int hostsFor(long slots, int maxHosts, int slotsPerHost) {
        if (slotsPerHost < 1) {
            throw new IllegalArgumentException("slotsPerHost must be at least 1, found " + slotsPerHost);
        }
        if (slots <= 0 || maxHosts <= 0) {
            return 0;
        }
        return (int) Math.min(maxHosts, (slots + slotsPerHost - 1) / slotsPerHost);
    }

    public static FleetDecision decide(Situation s) {
        if (!s.active()) {
            if (s.idleFor().compareTo(s.idleTimeout()) < 0) {
                return new FleetDecision(-1, List.of(), false, "idle for " + s.idleFor().toSeconds() + " s of "
                        + s.idleTimeout().toSeconds() + " s");
            }
            Set<String> busy = s.hosts().stream().filter(h -> h.busySlots() > 0).map(RegisteredHost::instanceId)
                    .collect(Collectors.toSet());
            List<String> all = s.groupInstances().stream().filter(id -> !busy.contains(id)).toList();
            return new FleetDecision(-1, all, s.desired() > 0 || !all.isEmpty(), "no active run and no busy "
                    + "host for " + s.idleFor().toSeconds() + " s (idle timeout " + s.idleTimeout().toSeconds()
                    + " s) -> 0 hosts");
        }
        long slots = s.demand().slots(s.slotsPerHost());
        int want = hostsFor(slots, s.maxHosts(), s.slotsPerHost());
        String why = s.demand().runs().size() + " active run(s), " + slots + " slots demanded, " + s.slotsPerHost()
                + " slots per host -> " + want + " hosts";
        if (want > s.desired()) {
            return new FleetDecision(want, List.of(), false, why + " (desired " + s.desired() + ")");
        }
        int surplus = s.desired() - want;
        List<String> victims = new ArrayList<>();
        if (surplus > 0 && s.demand().anyUnpartitioned()) {
            // a run that just started counts 0 slots until its partitions exist: terminating now would take the
            // warm hosts it is about to use
            return new FleetDecision(-1, List.of(), false, why + " (desired " + s.desired() + "; a run is still "
                    + "creating its partitions: nothing terminated)");
        }
        if (surplus > 0) {
            s.hosts().stream().filter(h -> h.idle() && h.instanceId() != null)
                    .sorted(Comparator.comparing((RegisteredHost h) -> !"draining".equals(h.state()))
                            .thenComparing(RegisteredHost::hostId))
                    .limit(surplus).forEach(h -> victims.add(h.instanceId()));
        }
        return new FleetDecision(-1, victims, false, why + " (desired " + s.desired() + ", " + victims.size()
                + " idle to terminate)");
    }

    public boolean acts() {
        return raiseTo >= 0 || !terminate.isEmpty() || zero;
    }
}
