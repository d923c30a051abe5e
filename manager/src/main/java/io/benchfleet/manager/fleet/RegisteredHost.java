package io.benchfleet.manager.fleet;

/**
 * A worker host as the registry ({@code worker_host}) holds it.
 *
 * @param silentSeconds seconds since its last heartbeat, in the database's clock
 */
public record RegisteredHost(String hostId, String instanceId, int slots, int busySlots, String state, String reason,
        String executor, String version, long silentSeconds) {

    /** Takes partitions now (ready or busy). */
    public boolean takesWork() {
        return "ready".equals(state) || "busy".equals(state);
    }

    /** Runs no trial: may be terminated without losing one. */
    public boolean idle() {
        return busySlots == 0 && !"gone".equals(state);
    }

    public int freeSlots() {
        return takesWork() ? Math.max(0, slots - busySlots) : 0;
    }
}
