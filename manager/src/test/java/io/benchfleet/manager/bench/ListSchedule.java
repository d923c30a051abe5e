package io.benchfleet.manager.bench;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The ideal schedules a run is measured against, from the workload alone (no coordination costs).
 * <ul>
 * <li>{@link #lowerBound}: no schedule on {@code slots} slots can finish before the longest trial, nor before the total
 * trial time spread evenly over every slot;</li>
 * <li>{@link #greedy}: the makespan of list scheduling with zero overhead - every slot takes the next trial in
 * dispatch order the instant it is free, which is what the queue does - so the gap between the lower bound and this
 * is the order's cost, and the gap between this and the measured makespan is coordination's.</li>
 * </ul>
 */
final class ListSchedule {

    private ListSchedule() {
    }

    static Duration lowerBound(List<Duration> trials, int slots) {
        Duration longest = trials.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        Duration total = trials.stream().reduce(Duration.ZERO, Duration::plus);
        Duration spread = total.dividedBy(slots);
        return longest.compareTo(spread) >= 0 ? longest : spread;
    }

    static Duration greedy(List<Duration> trialsInDispatchOrder, int slots) {
        PriorityQueue<Long> freeAt = new PriorityQueue<>();
        for (int i = 0; i < slots; i++) {
            freeAt.add(0L);
        }
        long makespan = 0;
        for (Duration trial : trialsInDispatchOrder) {
            long end = freeAt.poll() + trial.toNanos();
            makespan = Math.max(makespan, end);
            freeAt.add(end);
        }
        return Duration.ofNanos(makespan);
    }
}
