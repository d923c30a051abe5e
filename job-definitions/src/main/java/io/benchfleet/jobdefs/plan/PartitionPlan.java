package io.benchfleet.jobdefs.plan;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;

/** The ordered partitions of one run of a spec. */
public record PartitionPlan(BenchmarkSpec spec, List<Partition> partitions) {

    public PartitionPlan {
        partitions = List.copyOf(partitions);
    }

    public int size() {
        return partitions.size();
    }

    public Map<String, Partition> byKey() {
        return partitions.stream().collect(Collectors.toMap(Partition::key, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    /** Sum of expected trial seconds over all partitions. */
    public long expectedTrialSeconds() {
        return partitions.stream().mapToLong(Partition::expectedSeconds).sum();
    }

    /** The longest expected trial: a lower bound of any run's makespan. */
    public long longestExpectedSeconds() {
        return partitions.stream().mapToLong(Partition::expectedSeconds).max().orElse(0);
    }
}
