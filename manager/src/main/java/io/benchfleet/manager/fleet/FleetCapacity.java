package io.benchfleet.manager.fleet;

import java.util.List;

/**
 * A group's hosts as counted for {@code status}, the web view and the metrics.
 *
 * @param hosts     hosts that take partitions (ready or busy)
 * @param draining  hosts draining (taking nothing more)
 * @param slots     slots of the hosts that take partitions
 * @param busySlots slots running a trial, draining hosts included
 * @param freeSlots slots free on hosts that take partitions
 */
public record FleetCapacity(int hosts, int draining, int slots, int busySlots, int freeSlots) {

    public static FleetCapacity of(List<RegisteredHost> registered) {
        int hosts = 0;
        int draining = 0;
        int slots = 0;
        int busy = 0;
        int free = 0;
        for (RegisteredHost h : registered) {
            if (h.takesWork()) {
                hosts++;
                slots += h.slots();
            } else if ("draining".equals(h.state())) {
                draining++;
            }
            busy += h.busySlots();
            free += h.freeSlots();
        }
        return new FleetCapacity(hosts, draining, slots, busy, free);
    }

    /** {@code 3 hosts, 12 slots (5 free), 1 draining} */
    public String describe() {
        return hosts + (hosts == 1 ? " host, " : " hosts, ") + slots + " slots (" + freeSlots + " free)"
                + (draining > 0 ? ", " + draining + " draining" : "");
    }
}
