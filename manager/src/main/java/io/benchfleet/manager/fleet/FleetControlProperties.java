package io.benchfleet.manager.fleet;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.fleet.control.*}: the fleet controller, one per worker group across every manager process.
 *
 * @param group        the worker group it controls, as workers register it; default: the Auto Scaling group's name
 *                     ({@code benchfleet.fleet.asg-name}), else {@code default} (the workers' default alike)
 * @param interval     how often the controller looks at demand and hosts (default 10 s)
 * @param lease        a controller silent for longer than this has died; another manager process takes over
 *                     (default 60 s, at least twice the interval)
 * @param idleTimeout  with no active run and no busy host for this long, the group goes to zero (default 10 min)
 * @param slotsPerHost slots of a host before any worker of the group has registered (then: the slots registered);
 *                     default 4, terraform's {@code worker_slots_per_host} ({@code BENCHFLEET_SLOTS_PER_HOST})
 * @param hostLease    a worker whose registry heartbeat is older is gone (default 90 s: 3 x the worker heartbeat)
 * @param releaseByShare each run's manager releases its partitions to the queue only up to its fair share of the
 *                     registered slots ({@link FleetShares}), so workers take higher-priority work first and equal
 *                     runs share (default true); false: every partition is queued at once, in arrival order
 */
@ConfigurationProperties("benchfleet.fleet.control")
public record FleetControlProperties(String group, Duration interval, Duration lease, Duration idleTimeout,
        Integer slotsPerHost, Duration hostLease, Boolean releaseByShare) {

    public static final String DEFAULT_GROUP = "default";

    public FleetControlProperties {
        group = group == null || group.isBlank() ? null : group.strip();
        interval = interval == null ? Duration.ofSeconds(10) : interval;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout;
        slotsPerHost = slotsPerHost == null ? 4 : slotsPerHost;
        hostLease = hostLease == null ? Duration.ofSeconds(90) : hostLease;
        releaseByShare = releaseByShare == null || releaseByShare;
        if (lease.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("benchfleet.fleet.control.lease (" + lease + ") must be at least "
                    + "twice the interval (" + interval + ")");
        }
        if (slotsPerHost < 1) {
            throw new IllegalArgumentException("benchfleet.fleet.control.slots-per-host must be at least 1, found "
                    + slotsPerHost);
        }
    }

    public static FleetControlProperties defaults() {
        return new FleetControlProperties(null, null, null, null, null, null, null);
    }

    /** The group controlled: the configured one, else the Auto Scaling group's name, else {@code default}. */
    public String groupOf(FleetProperties fleet) {
        return group != null ? group : fleet.asgName() != null ? fleet.asgName() : DEFAULT_GROUP;
    }
}
