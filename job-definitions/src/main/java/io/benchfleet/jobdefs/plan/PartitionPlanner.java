package io.benchfleet.jobdefs.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.Configuration;

/**
 * Turns a spec into its partitions, one per (configuration, task, attempt), deterministically; a spec of one agent and
 * model has one configuration, so one partition per (task, attempt) keyed {@code <task>__a<NN>} as always.
 *
 * <p>Dispatch order: longest expected trial first (from history of the same spec where it exists, else the spec's
 * estimate), ties broken attempt-major in spec order (all tasks' first attempts, then all second attempts, ...) so
 * that attempts of one task are spread over time and hosts instead of colliding on one Docker daemon; in a matrix run
 * the configurations alternate within an attempt, so each configuration's trials of a task run side by side.
 */
public final class PartitionPlanner {

    public PartitionPlan plan(BenchmarkSpec spec, ExpectedDurations history) {
        record Draft(Configuration configuration, String task, int attempt, int specOrder, long expectedMillis,
                long expected) {
        }
        List<Draft> drafts = new ArrayList<>(spec.trialCount());
        int specOrder = 0;
        for (int attempt = 1; attempt <= spec.attempts(); attempt++) {
            for (String task : spec.tasks()) {
                long expectedMillis = history.expectedMillis(task).orElse(spec.estimatedTrialSec() * 1000L);
                long expected = history.expectedSeconds(task).orElse(spec.estimatedTrialSec());
                for (Configuration configuration : spec.matrix()) {
                    drafts.add(new Draft(configuration, task, attempt, specOrder++, expectedMillis, expected));
                }
            }
        }
        drafts.sort(Comparator.comparingLong(Draft::expectedMillis).reversed().thenComparingInt(Draft::specOrder));
        List<Partition> partitions = new ArrayList<>(drafts.size());
        long limit = spec.timeouts().trialLimitSeconds();
        for (Draft d : drafts) {
            Configuration c = d.configuration();
            partitions.add(new Partition(Partition.keyOf(c.name(), d.task(), d.attempt()), partitions.size(),
                    spec.name(), spec.dataset(), d.task(), d.attempt(), c.agent(), c.model(), c.agentKwargs(),
                    spec.harborImage(), spec.timeouts().multiplier(), limit, d.expected(), spec.secrets(), c.name()));
        }
        return new PartitionPlan(spec, partitions);
    }
}
