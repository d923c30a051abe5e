package io.benchfleet.manager.partition;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.function.Consumer;

import io.benchfleet.worker.config.JobRepositoryAdvice;
import org.springframework.aop.AfterReturningAdvice;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The job repository as Spring Batch's {@code SimpleStepExecutionSplitter} sees it on a restart, telling
 * {@code created} about each partition step execution the moment the splitter has saved it with its context, so the
 * partition can be dispatched while the rest are still being created. The splitter has no hook of its own between
 * two partitions; this advises exactly {@link JobRepository#updateExecutionContext(StepExecution)} after it returned
 * ({@link JobRepositoryAdvice}).
 */
public final class PartitionCreationTap {

    private static final Method UPDATE_CONTEXT = JobRepositoryAdvice.method("updateExecutionContext",
            StepExecution.class);

    private PartitionCreationTap() {
    }

    public static JobRepository tap(JobRepository repository, String partitionStepPrefix,
            Consumer<StepExecution> created) {
        AfterReturningAdvice saved = (returned, method, args, target) -> {
            if (args[0] instanceof StepExecution s && s.getStepName().startsWith(partitionStepPrefix)) {
                created.accept(s);
            }
        };
        return JobRepositoryAdvice.advise(repository, Set.of(UPDATE_CONTEXT), saved);
    }
}
