package io.benchfleet.jobdefs.spec;

/**
 * How much of the fleet a run may use.
 *
 * @param maxHosts     upper bound on worker hosts for this run (the Auto Scaling group is never sized above it)
 * @param slotsPerHost concurrent trials per host (Harbor's Docker daemon saturates above ~32)
 */
public record Fleet(int maxHosts, int slotsPerHost) {

    public static final Fleet DEFAULTS = new Fleet(200, 4);

    public int totalSlots() {
        return maxHosts * slotsPerHost;
    }
}
