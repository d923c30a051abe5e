package io.benchfleet.manager.fleet;

import java.util.List;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;

/**
 * What a run of a spec will take before it starts (the {@code plan} command): its partitions ordered as dispatch
 * orders them, the fleet they need and what it costs, and where each estimate comes from.
 *
 * @param spec           the effective spec (overrides applied)
 * @param partitions     the partitions, longest expected first
 * @param fleet          hosts, slots, waves, wall time, EC2 and LLM cost
 * @param durationSource where the trial durations come from (history, the spec's estimate)
 * @param llmSource      where the LLM cost per trial comes from
 * @param history        what the repository knew
 */
public record RunEstimate(BenchmarkSpec spec, PartitionPlan partitions, FleetPlan fleet, String durationSource,
        String llmSource, SpecHistory history) {

    public static RunEstimate of(BenchmarkSpec spec, FleetProperties properties, SpecHistory history) {
        PartitionPlan partitions = new PartitionPlanner().plan(spec, history.durations());
        List<Long> seconds = partitions.partitions().stream().map(Partition::expectedSeconds).toList();
        Double llmPerTrial = spec.model() == null ? Double.valueOf(0)
                : history.llmCostPerTrial() != null ? history.llmCostPerTrial() : properties.llmCostPerTrialUsd();
        String llmSource = spec.model() == null ? "agent " + spec.agent() + " calls no model"
                : history.llmCostPerTrial() != null ? "mean of " + history.costTrials() + " earlier trials with "
                + spec.model()
                : properties.llmCostPerTrialUsd() != null
                ? "configured estimate (benchfleet.fleet.llm-cost-per-trial-usd)"
                : "no history for " + spec.model() + "; set benchfleet.fleet.llm-cost-per-trial-usd";
        FleetPlan plan = FleetPlan.of(seconds, properties.capHosts(spec.fleet().maxHosts()),
                spec.fleet().slotsPerHost(), properties.startupOverhead(), properties.instancePriceUsdPerHour(),
                properties.spotDiscount(), llmPerTrial);
        String durationSource = history.tasksWithHistory() == 0
                ? "spec estimate " + spec.estimatedTrialSec() + " s per trial (no history)"
                : "history for " + history.tasksWithHistory() + " of " + spec.tasks().size() + " tasks"
                + (history.tasksWithHistory() < spec.tasks().size() ? ", spec estimate " + spec.estimatedTrialSec()
                + " s for the rest" : "");
        return new RunEstimate(spec, partitions, plan, durationSource, llmSource, history);
    }
}
