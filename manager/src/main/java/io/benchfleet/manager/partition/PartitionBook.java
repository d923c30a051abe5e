package io.benchfleet.manager.partition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import org.springframework.batch.core.step.StepExecution;

/**
 * The partitions one manager step supervises: the latest step execution of each partition (an INFRA retry is a new
 * step execution of the same partition and replaces the failed one here), in dispatch order.
 */
final class PartitionBook {

    private final List<StepExecution> ordered;
    private final Map<String, StepExecution> latest = new LinkedHashMap<>();

    private PartitionBook(List<StepExecution> ordered) {
        this.ordered = List.copyOf(ordered);
        ordered.forEach(this::attempt);
    }

    /** The step executions the splitter created, in plan order (longest expected trial first). */
    static PartitionBook of(Collection<StepExecution> partitions) {
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparingInt(p -> p.getExecutionContext().getInt(PartitionContextKeys.ORDER, 0)));
        return new PartitionBook(ordered);
    }

    /** The partitions as created, in plan order. */
    List<StepExecution> ordered() {
        return ordered;
    }

    /** A new attempt of a partition: from now on it stands for the partition. */
    synchronized void attempt(StepExecution attempt) {
        latest.put(attempt.getStepName(), attempt);
    }

    /** The latest attempt of every partition. */
    synchronized Set<StepExecution> latest() {
        return new LinkedHashSet<>(latest.values());
    }

    int size() {
        return ordered.size();
    }
}
