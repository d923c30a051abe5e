package io.benchfleet.manager.partition;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The job repository as Spring Batch's {@code SimpleStepExecutionSplitter} sees it, telling {@code created} about
 * each partition step execution the moment the splitter has saved it with its context (its
 * {@code updateExecutionContext}), so the partition can be dispatched while the rest are still being created.
 * Everything else goes to the repository unchanged.
 */
public final class PartitionCreationTap {

    private PartitionCreationTap() {
    }

    public static JobRepository tap(JobRepository repository, String partitionStepPrefix,
            Consumer<StepExecution> created) {
        return (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(repository, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("updateExecutionContext") && args[0] instanceof StepExecution s
                            && s.getStepName().startsWith(partitionStepPrefix)) {
                        created.accept(s);
                    }
                    return result;
                });
    }
}
