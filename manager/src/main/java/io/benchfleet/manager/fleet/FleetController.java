package io.benchfleet.manager.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import io.benchfleet.jobdefs.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * The fleet controller of one worker group. Every manager process that drives a run ({@code run}, {@code restart})
 * or serves ({@code serve}) runs one; exactly one of them acts at a time, the holder of the group's
 * {@link FleetControllerLease} (database clock), and when it dies another takes over within the lease. Each look
 * ({@link #look()}, every {@code benchfleet.fleet.control.interval}) reads the demand of every active run from the
 * repository ({@link FleetDemand}), the hosts and their real slots from the registry ({@link WorkerHosts}) and the
 * group's size, and applies the {@link FleetDecision}: raise, terminate chosen idle hosts, or after the idle timeout
 * go to zero. Nothing lives in one process's memory: two runs never strand each other, and the first to finish never
 * zeroes the group while another needs it.
 *
 * <p>A process that leaves cleanly while it holds the lease either zeroes the group at once, when no run is active
 * and no host busy (nobody would be left to count the idle time), or hands the lease over at once to the managers of
 * the runs still active.
 */
public class FleetController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetController.class);

    /** How often a leaving process re-reads a host that still counts a busy slot with no run active. */
    private static final Duration LEAVING_RECHECK = Duration.ofMillis(250);

    private final Supplier<Fleet> fleetFactory;
    private final FleetControllerLease lease;
    private final FleetDemand demand;
    private final WorkerHosts hosts;
    private final String group;
    private final FleetControlProperties control;
    private final FleetProperties fleetProperties;
    private final TaskScheduler scheduler;
    private Fleet fleet;
    private boolean fleetCreated;
    private ScheduledFuture<?> looks;
    private long heldEpoch = -1;

    public FleetController(Supplier<Fleet> fleetFactory, FleetControllerLease lease, FleetDemand demand,
            WorkerHosts hosts, String group, FleetControlProperties control, FleetProperties fleetProperties,
            TaskScheduler scheduler) {
        this.fleetFactory = fleetFactory;
        this.lease = lease;
        this.demand = demand;
        this.hosts = hosts;
        this.group = group;
        this.control = control;
        this.fleetProperties = fleetProperties;
        this.scheduler = scheduler;
    }

    /**
     * The fleet of this process, created on first use; null when it has none to size. A fleet that cannot be reached
     * throws {@link FleetException} with one line.
     */
    public synchronized Fleet fleet() {
        if (!fleetCreated) {
            fleet = fleetFactory.get();
            fleetCreated = true;
        }
        return fleet;
    }

    /** Starts looking every interval (idempotent); false when this process has no fleet to control. */
    public synchronized boolean start() {
        if (looks != null) {
            return true;
        }
        if (fleet() == null) {
            return false;
        }
        looks = scheduler.scheduleWithFixedDelay(this::lookQuietly, Instant.now(), control.interval());
        log.info("fleet controller for worker group '{}' ({}) standing by: looks every {}, lease {}, idle timeout {}",
                group, fleet.describe(), control.interval(), control.lease(), control.idleTimeout());
        return true;
    }

    public synchronized boolean holds() {
        return heldEpoch >= 0;
    }

    private void lookQuietly() {
        try {
            look();
        } catch (RuntimeException e) {
            log.warn("fleet controller for '{}': look failed: {}; trying again in {}", group,
                    Messages.rootMessage(e), control.interval());
        }
    }

    /** One look: take or renew the lease, then decide and act if this process holds it. Returns the decision. */
    public synchronized FleetDecision look() {
        Fleet f = fleet();
        if (f == null) {
            return null;
        }
        OptionalLong epoch = lease.takeOrRenew();
        if (epoch.isEmpty()) {
            if (heldEpoch >= 0) {
                log.warn("fleet controller for '{}': another manager process took the group over", group);
            }
            heldEpoch = -1;
            return null;
        }
        if (heldEpoch != epoch.getAsLong()) {
            log.info("fleet controller for '{}': {} controls the group now (epoch {})", group, lease.owner(),
                    epoch.getAsLong());
        }
        heldEpoch = epoch.getAsLong();
        FleetDecision decision = FleetDecision.decide(situation(f, heldEpoch));
        apply(f, decision);
        return decision;
    }

    private FleetDecision.Situation situation(Fleet f, long epoch) {
        FleetDemand.Demand d = demand.now();
        List<RegisteredHost> registered = hosts.hosts(group);
        int slots = hosts.slotsPerHost(group, control.slotsPerHost());
        int desired = f.desired();
        boolean active = d.anyRun() || registered.stream().anyMatch(h -> h.busySlots() > 0);
        Duration idle = Duration.ZERO;
        if (active) {
            lease.busy(epoch, desired);
        } else {
            idle = lease.idle(epoch, desired);
        }
        int maxHosts = fleetProperties.maxHosts() == null ? Integer.MAX_VALUE : fleetProperties.maxHosts();
        List<String> instances = active ? List.of() : f.instanceIds();
        return new FleetDecision.Situation(d, slots, maxHosts, desired, registered, instances, idle,
                control.idleTimeout());
    }

    private void apply(Fleet f, FleetDecision decision) {
        if (!decision.acts()) {
            log.debug("fleet controller for '{}': {}", group, decision.reason());
            return;
        }
        log.info("fleet {}: {}", f.describe(), decision.reason());
        if (decision.raiseTo() >= 0) {
            f.scaleTo(decision.raiseTo());
        }
        for (String instance : decision.terminate()) {
            try {
                f.terminate(instance);
            } catch (FleetException e) {
                // the registry may still list a host that left the group or is already terminating: the others go
                // on, and its row expires
                log.warn("fleet {}: {}; terminating the other idle hosts", f.describe(), e.getMessage());
            }
        }
        if (decision.zero()) {
            f.scaleTo(0);
            log.info("fleet {}: idle -> 0 hosts", f.describe());
        }
    }

    /**
     * Stops looking. Holding the lease with nothing active: zero the group now (idle timeout or not: no process is
     * left to count it); with runs still active: release the lease so their managers take over at once.
     */
    @Override
    public synchronized void close() {
        if (looks != null) {
            looks.cancel(false);
            looks = null;
        }
        try {
            if (heldEpoch < 0 || fleet == null) {
                return;
            }
            FleetDecision.Situation now = situation(fleet, heldEpoch);
            // no run is active but a host still counts a busy slot: its last beat may count a trial that ended since,
            // so give it one beat (a third of the host lease) to say so before handing the group to no one
            long until = System.nanoTime() + control.hostLease().dividedBy(3).toNanos();
            while (now.active() && !now.demand().anyRun() && System.nanoTime() < until && pause(LEAVING_RECHECK)) {
                now = situation(fleet, heldEpoch);
            }
            if (!now.active()) {
                apply(fleet, FleetDecision.decide(new FleetDecision.Situation(now.demand(), now.slotsPerHost(),
                        now.maxHosts(), now.desired(), now.hosts(), fleet.instanceIds(), now.idleTimeout(),
                        now.idleTimeout())));
            }
            lease.release(heldEpoch);
            log.info("fleet controller for '{}': released the group{}", group, now.active()
                    ? " to the managers of the runs still active" : "");
        } catch (RuntimeException e) {
            log.error("fleet controller for '{}' could not hand over at exit: {} - the next manager process takes the "
                    + "group after the lease ({})", group, Messages.rootMessage(e), control.lease(), e);
        } finally {
            heldEpoch = -1;
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    /** False when interrupted (the interrupt is kept): the leaving process stops waiting. */
    private static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
