package io.benchfleet.manager.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What a run will take before it starts: hosts, slots, waves, expected wall time and cost.
 *
 * <p>Wall time: the trials are dispatched longest expected first and every free slot takes the next one, so the
 * run is simulated as greedy list scheduling (LPT) over all slots: each trial goes to the slot that is free first;
 * the makespan is the last slot's finish, plus a start-up overhead (hosts booting, image pull, first poll).
 *
 * <p>EC2: every host of the launch size for the whole wall time (an upper bound: the fleet is lowered as the backlog
 * drains), billed per second with EC2's 60-second minimum, at the on-demand price and at the spot price
 * ({@code price × (1 − spotDiscount)}).
 *
 * @param partitions            trials to run
 * @param hosts                 launch size: {@code min(maxHosts, ceil(partitions / slotsPerHost))}
 * @param maxHosts              the run's host limit
 * @param waves                 {@code ceil(partitions / totalSlots)}: how many times the slots fill up
 * @param makespanSeconds       simulated finish of the last trial
 * @param startupSeconds        added start-up overhead
 * @param hostHours             hosts × billed wall time
 * @param llmCostPerTrialUsd    mean LLM cost per trial, or null when unknown
 */
public record FleetPlan(int partitions, int hosts, int maxHosts, int slotsPerHost, int totalSlots, int waves,
        long makespanSeconds, long startupSeconds, double hostHours, double instancePriceUsdPerHour,
        double spotDiscount, Double llmCostPerTrialUsd) {

    /** EC2 bills a Linux instance per second with a minimum of one minute. */
    static final long MIN_BILLED_SECONDS = 60;

    public static FleetPlan of(List<Long> trialSeconds, int maxHosts, int slotsPerHost, Duration startupOverhead,
            double instancePriceUsdPerHour, double spotDiscount, Double llmCostPerTrialUsd) {
        int partitions = trialSeconds.size();
        int hosts = FleetDecision.hostsFor(partitions, maxHosts, slotsPerHost);
        int totalSlots = hosts * slotsPerHost;
        int waves = totalSlots == 0 ? 0 : (partitions + totalSlots - 1) / totalSlots;
        long makespan = makespan(trialSeconds, totalSlots);
        long startup = partitions == 0 ? 0 : startupOverhead.toSeconds();
        long wall = makespan + startup;
        long billed = hosts == 0 ? 0 : Math.max(MIN_BILLED_SECONDS, wall);
        double hostHours = hosts * (double) billed / 3600.0;
        return new FleetPlan(partitions, hosts, maxHosts, slotsPerHost, totalSlots, waves, makespan, startup,
                hostHours, instancePriceUsdPerHour, spotDiscount, llmCostPerTrialUsd);
    }

    /** Longest-first greedy assignment to the slot that frees up first; the latest slot finish. */
    public static long makespan(List<Long> trialSeconds, int slots) {
        if (trialSeconds.isEmpty()) {
            return 0;
        }
        if (slots < 1) {
            throw new IllegalArgumentException("no slots to run " + trialSeconds.size() + " trials on");
        }
        List<Long> longestFirst = new ArrayList<>(trialSeconds);
        longestFirst.sort(Comparator.reverseOrder());
        PriorityQueue<Long> freeAt = new PriorityQueue<>();
        for (int i = 0; i < Math.min(slots, longestFirst.size()); i++) {
            freeAt.add(0L);
        }
        long makespan = 0;
        for (long seconds : longestFirst) {
            long finish = freeAt.poll() + seconds;
            makespan = Math.max(makespan, finish);
            freeAt.add(finish);
        }
        return makespan;
    }

    public long wallSeconds() {
        return makespanSeconds + startupSeconds;
    }

    public double ec2OnDemandUsd() {
        return hostHours * instancePriceUsdPerHour;
    }

    public double ec2SpotUsd() {
        return ec2OnDemandUsd() * (1 - spotDiscount);
    }

    /** Total LLM cost, or null when the cost per trial is unknown. */
    public Double llmCostUsd() {
        return llmCostPerTrialUsd == null ? null : llmCostPerTrialUsd * partitions;
    }
}
