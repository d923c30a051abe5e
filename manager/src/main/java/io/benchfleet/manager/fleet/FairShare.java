package io.benchfleet.manager.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each active run's share of the registered slots: higher priority first (a priority takes what it can use before
 * the next gets anything), runs of equal priority split what is left evenly (water-filling: a run that needs less
 * than an even part keeps only what it needs, the rest goes to the others of its priority), so a 10,000-partition
 * run does not starve a 750 one started after it. A run never gets more than it can use (its partitions, within its
 * host limit).
 */
public final class FairShare {

    private FairShare() {
    }

    /** Slots per job execution id, in the order of {@code runs}. */
    public static Map<Long, Long> of(long slots, List<FleetDemand.RunDemand> runs, int slotsPerHost) {
        Map<Long, Long> shares = new LinkedHashMap<>();
        runs.forEach(r -> shares.put(r.jobExecutionId(), 0L));
        TreeMap<Integer, List<FleetDemand.RunDemand>> byPriority = new TreeMap<>(Comparator.reverseOrder());
        runs.forEach(r -> byPriority.computeIfAbsent(r.priority(), p -> new ArrayList<>()).add(r));
        long left = Math.max(0, slots);
        for (List<FleetDemand.RunDemand> level : byPriority.values()) {
            left = split(left, level, slotsPerHost, shares);
        }
        return shares;
    }

    /** Splits {@code slots} evenly among {@code level}, each up to what it can use; returns the slots left over. */
    private static long split(long slots, List<FleetDemand.RunDemand> level, int slotsPerHost,
            Map<Long, Long> shares) {
        List<FleetDemand.RunDemand> wanting = new ArrayList<>(level);
        wanting.sort(Comparator.comparingLong(r -> r.slots(slotsPerHost)));
        long left = slots;
        while (!wanting.isEmpty() && left > 0) {
            FleetDemand.RunDemand smallest = wanting.get(0);
            long even = left / wanting.size();
            long need = smallest.slots(slotsPerHost) - shares.get(smallest.jobExecutionId());
            if (need <= even) {
                shares.merge(smallest.jobExecutionId(), need, Long::sum);
                left -= need;
                wanting.remove(0);
            } else {
                // every run still wanting needs more than an even part: each gets it, the remainder one slot each
                long remainder = left - even * wanting.size();
                for (int i = 0; i < wanting.size(); i++) {
                    shares.merge(wanting.get(i).jobExecutionId(), even + (i < remainder ? 1 : 0), Long::sum);
                }
                left = 0;
            }
        }
        return left;
    }
}
