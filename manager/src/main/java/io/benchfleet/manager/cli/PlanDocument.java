package io.benchfleet.manager.cli;

import java.util.List;

import io.benchfleet.manager.fleet.FleetPlan;
import io.benchfleet.manager.fleet.RunEstimate;

/** {@code plan --json}: a run's estimate for scripts. Money rounded to cents, host-hours to 1/10000. */
record PlanDocument(String spec, int tasks, int attempts, int partitions, int hosts, int maxHosts, int slotsPerHost,
        int totalSlots, int waves, long makespanSeconds, long startupOverheadSeconds, String startupSource,
        int startupMeasuredHosts, long wallSeconds,
        TrialDurations trialDurations, Ec2 ec2, Llm llm, String fleetShare, String database, String note,
        List<ConfigurationPlan> configurations) {

    /** A matrix spec's configuration (one, unnamed, for a spec of one agent): its partitions and cost. */
    record ConfigurationPlan(String name, String agent, String model, int partitions, long trialSeconds,
            Double llmCostPerTrialUsd, Double llmCostUsd, String llmSource, double ec2SpotUsd, double ec2OnDemandUsd) {
    }

    record TrialDurations(String source, int tasksWithHistory, int estimatedTrialSec, long longestSeconds,
            long totalTrialSeconds) {
    }

    record Ec2(double instancePriceUsdPerHour, double spotDiscount, double hostHours, double onDemandUsd,
            double spotUsd) {
    }

    record Llm(Double costPerTrialUsd, Double costUsd, String source) {
    }

    /** @param fleetShare the share of the registered slots the run would get now, or why it is unknown */
    static PlanDocument of(RunEstimate e, String fleetShare) {
        FleetPlan plan = e.fleet();
        return new PlanDocument(e.spec().name(), e.spec().tasks().size(), e.spec().attempts(), plan.partitions(),
                plan.hosts(), plan.maxHosts(), plan.slotsPerHost(), plan.totalSlots(), plan.waves(),
                plan.makespanSeconds(), plan.startupSeconds(), e.startup().source(), e.startup().measuredHosts(),
                plan.wallSeconds(),
                new TrialDurations(e.durationSource(), e.history().tasksWithHistory(), e.spec().estimatedTrialSec(),
                        e.partitions().longestExpectedSeconds(), e.partitions().expectedTrialSeconds()),
                new Ec2(plan.instancePriceUsdPerHour(), plan.spotDiscount(), round(plan.hostHours(), 4),
                        round(plan.ec2OnDemandUsd(), 2), round(plan.ec2SpotUsd(), 2)),
                new Llm(plan.llmCostPerTrialUsd() == null ? null : round(plan.llmCostPerTrialUsd(), 6),
                        plan.llmCostUsd() == null ? null : round(plan.llmCostUsd(), 2), e.llmSource()), fleetShare,
                e.history().database(), e.history().note(), e.configurations().stream()
                        .map(c -> new ConfigurationPlan(c.name(), c.agent(), c.model(), c.partitions(),
                                c.trialSeconds(), c.llmCostPerTrialUsd() == null ? null
                                : round(c.llmCostPerTrialUsd(), 6), c.llmCostUsd() == null ? null
                                : round(c.llmCostUsd(), 2), c.llmSource(), round(c.ec2SpotUsd(), 2),
                                round(c.ec2OnDemandUsd(), 2))).toList());
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
