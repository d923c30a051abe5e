package io.benchfleet.manager.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.Configuration;

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
 * @param configurations each configuration's share of the run (one, unnamed, for a spec of one agent)
 * @param startup        the hosts' start-up added to the makespan, measured or configured
 */
public record RunEstimate(BenchmarkSpec spec, PartitionPlan partitions, FleetPlan fleet, String durationSource,
        String llmSource, SpecHistory history, List<ConfigurationEstimate> configurations, StartupOverhead startup) {

    /**
     * One configuration's part of a run: its partitions, their expected trial-hours, its LLM cost (null when unknown)
     * and its share of the EC2 cost (by trial time: the hosts run every configuration's trials side by side).
     */
    public record ConfigurationEstimate(String name, String agent, String model, int partitions, long trialSeconds,
            Double llmCostPerTrialUsd, Double llmCostUsd, String llmSource, double ec2SpotUsd,
            double ec2OnDemandUsd) {
    }

    public static RunEstimate of(BenchmarkSpec spec, FleetProperties properties, SpecHistory history,
            StartupOverhead startup) {
        PartitionPlan partitions = new PartitionPlanner().plan(spec, history.durations());
        List<Long> seconds = partitions.partitions().stream().map(Partition::expectedSeconds).toList();
        List<Configuration> matrix = spec.matrix();
        List<Double> perTrial = matrix.stream().map(c -> llmPerTrial(c, properties, history)).toList();
        Double llmPerTrial;
        String llmSource;
        if (!spec.isMatrix()) {
            llmPerTrial = perTrial.get(0);
            llmSource = llmSource(matrix.get(0), properties, history);
        } else {
            // every configuration runs the same number of trials: the mean of theirs, unknown if any is
            llmPerTrial = perTrial.contains(null) ? null
                    : perTrial.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            llmSource = perTrial.contains(null) ? "no estimate for some configurations, see below"
                    : "the configurations' estimates, see below";
        }
        FleetPlan plan = FleetPlan.of(seconds, properties.capHosts(spec.fleet().maxHosts()),
                spec.fleet().slotsPerHost(), startup.duration(), properties.instancePriceUsdPerHour(),
                properties.spotDiscount(), llmPerTrial);
        String durationSource = history.tasksWithHistory() == 0
                ? "spec estimate " + spec.estimatedTrialSec() + " s per trial (no history)"
                : "history for " + history.tasksWithHistory() + " of " + spec.tasks().size() + " tasks"
                + (history.tasksWithHistory() < spec.tasks().size() ? ", spec estimate " + spec.estimatedTrialSec()
                + " s for the rest" : "");
        long totalSeconds = Math.max(1, partitions.expectedTrialSeconds());
        List<ConfigurationEstimate> configurations = new ArrayList<>();
        for (int i = 0; i < matrix.size(); i++) {
            Configuration c = matrix.get(i);
            List<Partition> own = partitions.partitions().stream()
                    .filter(p -> Objects.equals(p.configuration(), c.name())).toList();
            long trialSeconds = own.stream().mapToLong(Partition::expectedSeconds).sum();
            double share = (double) trialSeconds / totalSeconds;
            Double cost = perTrial.get(i) == null ? null : perTrial.get(i) * own.size();
            configurations.add(new ConfigurationEstimate(c.name(), c.agent(), c.model(), own.size(), trialSeconds,
                    perTrial.get(i), cost, llmSource(c, properties, history), plan.ec2SpotUsd() * share,
                    plan.ec2OnDemandUsd() * share));
        }
        return new RunEstimate(spec, partitions, plan, durationSource, llmSource, history, configurations, startup);
    }

    private static boolean callsNoModel(Configuration c) {
        return !c.callsModel();
    }

    private static Double llmPerTrial(Configuration c, FleetProperties properties, SpecHistory history) {
        if (callsNoModel(c)) {
            return 0.0;
        }
        SpecHistory.ModelCost known = history.costByModel().get(c.model());
        return known != null ? Double.valueOf(known.meanUsd()) : properties.llmCostPerTrialUsd();
    }

    private static String llmSource(Configuration c, FleetProperties properties, SpecHistory history) {
        if (callsNoModel(c)) {
            return "agent " + c.agent() + " calls no model";
        }
        SpecHistory.ModelCost known = history.costByModel().get(c.model());
        return known != null ? "mean of " + known.trials() + " earlier trials with " + c.model()
                : properties.llmCostPerTrialUsd() != null
                ? "configured estimate (benchfleet.fleet.llm-cost-per-trial-usd)"
                : "no real trials with " + c.model() + " yet, simulated ones do not count; set "
                        + "benchfleet.fleet.llm-cost-per-trial-usd";
    }
}
