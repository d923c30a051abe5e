package io.benchfleet.manager.fleet;

import org.springframework.core.env.Environment;

/**
 * The fleet as {@code status}, {@code list}, the web view and the metrics show it: hosts and free slots from the
 * worker registry, the controlling process, and the group's desired capacity when there is a group.
 */
public class FleetStatus {

    private final FleetProperties properties;
    private final Environment environment;
    private final WorkerHosts hosts;
    private final String group;
    private final FleetControllerLease controller;
    private final FleetShares shares;

    public FleetStatus(FleetProperties properties, Environment environment, WorkerHosts hosts, String group,
            FleetControllerLease controller, FleetShares shares) {
        this.properties = properties;
        this.environment = environment;
        this.hosts = hosts;
        this.group = group;
        this.controller = controller;
        this.shares = shares;
    }

    public String group() {
        return group;
    }

    /** Hosts, slots and free slots of the group, from the registry. */
    public FleetCapacity capacity() {
        return hosts.capacity(group);
    }

    /**
     * The run's fair share of the registered slots among every active run ({@link FleetShares}), or why there is
     * none: {@code 6 of 12 slots (priority normal, 3 active runs)}.
     */
    public String share(long jobExecutionId) {
        try {
            FleetShares.Share share = shares.share(jobExecutionId, -1);
            return share == null ? "none yet (no worker host of group '" + group + "' takes partitions)"
                    : share.describe();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** One line: {@code 3 hosts, 12 slots (5 free); desired 3; controller 123@m1}, or why a part is unknown. */
    public String hostsInService() {
        String registry;
        try {
            registry = capacity().describe();
        } catch (RuntimeException e) {
            registry = "registry unreadable (" + e.getMessage() + ")";
        }
        return registry + "; " + desired() + "; controller " + holder();
    }

    private String holder() {
        try {
            return controller.holder();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private String desired() {
        Fleet fleet;
        try {
            fleet = FleetConfiguration.fleetFor(properties, environment);
        } catch (RuntimeException e) {
            return "desired unknown (" + e.getMessage() + ")";
        }
        if (fleet == null) {
            return "no worker Auto Scaling group configured (BENCHFLEET_ASG_NAME)";
        }
        try {
            return "desired " + fleet.desired();
        } catch (RuntimeException e) {
            return "desired unknown (" + e.getMessage() + ")";
        } finally {
            fleet.close();
        }
    }
}
