package io.benchfleet.manager.fleet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes the {@link Fleet} for one run: {@code min(maxHosts, ceil(remaining partitions / slotsPerHost))} at launch
 * (and restart), lower as the backlog drains, zero when the job ends. Within a run the size only goes down: a
 * partition re-sent after an INFRA failure waits for a free slot instead of booting a host for it.
 */
public class FleetScaler {

    private static final Logger log = LoggerFactory.getLogger(FleetScaler.class);

    private final Fleet fleet;
    private boolean active;
    private int maxHosts;
    private int slotsPerHost;
    private int target;

    public FleetScaler(Fleet fleet) {
        this.fleet = fleet;
    }

    /** Hosts needed for {@code remaining} partitions: {@code min(maxHosts, ceil(remaining / slotsPerHost))}. */
    public static int hostsFor(long remaining, int maxHosts, int slotsPerHost) {
        if (slotsPerHost < 1) {
            throw new IllegalArgumentException("slotsPerHost must be at least 1, found " + slotsPerHost);
        }
        if (remaining <= 0 || maxHosts <= 0) {
            return 0;
        }
        long hosts = (remaining + slotsPerHost - 1) / slotsPerHost;
        return (int) Math.min(maxHosts, hosts);
    }

    /** Sizes the fleet for a run that starts (or restarts) with {@code remaining} partitions; returns the size set. */
    public synchronized int launch(int remaining, int maxHosts, int slotsPerHost) {
        int want = hostsFor(remaining, maxHosts, slotsPerHost);
        this.maxHosts = maxHosts;
        this.slotsPerHost = slotsPerHost;
        int applied = fleet.scaleTo(want);
        this.target = applied;
        this.active = true;
        log.info("fleet {}: {} partitions to run, {} slots per host, at most {} hosts -> {} hosts{}", fleet.describe(),
                remaining, slotsPerHost, maxHosts, applied, applied < want ? " (wanted " + want + ")" : "");
        return applied;
    }

    /**
     * The backlog is now {@code remaining} partitions (queued + running): lowers the fleet when fewer hosts are
     * needed. Never raises it. Returns the current target.
     */
    public synchronized int onBacklog(int remaining) {
        if (!active) {
            return target;
        }
        int want = hostsFor(remaining, maxHosts, slotsPerHost);
        if (want < target) {
            int applied = fleet.scaleTo(want);
            log.info("fleet {}: {} partitions left -> {} hosts (was {})", fleet.describe(), remaining, applied,
                    target);
            target = Math.min(target, applied);
        }
        return target;
    }

    /** The job ended (completed, failed or stopped): no hosts. */
    public synchronized void finish() {
        active = false;
        target = 0;
        fleet.scaleTo(0);
        log.info("fleet {}: run ended -> 0 hosts", fleet.describe());
    }

    public synchronized int target() {
        return target;
    }

    public synchronized boolean active() {
        return active;
    }

    public int healthyInService() {
        return fleet.healthyInService();
    }

    public Fleet fleet() {
        return fleet;
    }
}
