package io.benchfleet.manager.job;

import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.HistoricalDurations;
import io.benchfleet.manager.run.RunSpecLoader;
import io.benchfleet.manager.run.RunParameters;
import java.util.LinkedHashMap;
import java.util.Map;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.SpringBatchVersion;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Spring Batch {@link Partitioner} for one run: spec → {@link PartitionPlan} → one ExecutionContext per partition,
 * keyed by partition key (so partition step executions are named {@code trial:<task>__a<NN>}, stable across
 * restarts). Created per manager step execution. Each context also says whether the run is a rehearsal
 * ({@code --local}, or {@code --param rehearsal=true}), the only kind of run whose partitions a worker with the
 * simulated executor runs.
 */
public class BenchmarkPartitioner implements Partitioner {

    private static final Logger log = LoggerFactory.getLogger(BenchmarkPartitioner.class);

    private final StepExecution managerStep;
    private final RunSpecLoader specLoader;
    private final HistoricalDurations history;
    private final boolean localRun;

    /** @param localRun the manager runs with {@code --local}: every run it plans is a rehearsal */
    public BenchmarkPartitioner(StepExecution managerStep, RunSpecLoader specLoader, HistoricalDurations history,
            boolean localRun) {
        this.managerStep = managerStep;
        this.specLoader = specLoader;
        this.history = history;
        this.localRun = localRun;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        RunParameters run = RunParameters.from(managerStep.getJobParameters());
        BenchmarkSpec spec = specLoader.load(run);
        boolean rehearsal = run.rehearsal() || localRun;
        PartitionPlan plan = new PartitionPlanner().plan(spec, history.forSpec(spec.name(), rehearsal));
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (Partition partition : plan.partitions()) {
            Map<String, Object> context = new LinkedHashMap<>(partition.toContext());
            // workers with the simulated executor refuse partitions of a run that is not a rehearsal (CONFIG)
            context.put(PartitionContextKeys.REHEARSAL, Boolean.toString(rehearsal));
            // what the worker's step would add when it starts: present from the outset, it is not written again
            context.putAll(TrialStep.startedContext(SpringBatchVersion.getVersion()));
            contexts.put(partition.key(), new ExecutionContext(context));
        }
        managerStep.getExecutionContext().putInt(RunContextKeys.PLANNED_PARTITIONS, plan.size());
        log.info("spec {}: {} partitions ({} tasks x {} attempts)", spec.name(), plan.size(), spec.tasks().size(),
                spec.attempts());
        return contexts;
    }
}
