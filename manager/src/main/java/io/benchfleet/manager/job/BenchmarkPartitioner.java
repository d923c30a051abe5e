package io.benchfleet.manager.job;

import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.HistoricalDurations;
import io.benchfleet.manager.run.RunSpecLoader;
import io.benchfleet.manager.run.RunParameters;
import java.util.LinkedHashMap;
import java.util.Map;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Spring Batch {@link Partitioner} for one run: spec → {@link PartitionPlan} → one ExecutionContext per partition,
 * keyed by partition key (so partition step executions are named {@code trial:<task>__a<NN>}, stable across
 * restarts). Created per manager step execution.
 */
public class BenchmarkPartitioner implements Partitioner {

    private static final Logger log = LoggerFactory.getLogger(BenchmarkPartitioner.class);

    private final StepExecution managerStep;
    private final RunSpecLoader specLoader;
    private final HistoricalDurations history;

    public BenchmarkPartitioner(StepExecution managerStep, RunSpecLoader specLoader, HistoricalDurations history) {
        this.managerStep = managerStep;
        this.specLoader = specLoader;
        this.history = history;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        RunParameters run = RunParameters.from(managerStep.getJobParameters());
        BenchmarkSpec spec = specLoader.load(run);
        PartitionPlan plan = new PartitionPlanner().plan(spec, history.forSpec(spec.name()));
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (Partition partition : plan.partitions()) {
            contexts.put(partition.key(), new ExecutionContext(new LinkedHashMap<>(partition.toContext())));
        }
        managerStep.getExecutionContext().putInt(RunContextKeys.PLANNED_PARTITIONS, plan.size());
        log.info("spec {}: {} partitions ({} tasks x {} attempts)", spec.name(), plan.size(), spec.tasks().size(),
                spec.attempts());
        return contexts;
    }
}
