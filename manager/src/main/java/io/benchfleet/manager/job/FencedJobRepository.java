package io.benchfleet.manager.job;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.function.Supplier;

import io.benchfleet.manager.run.RunLease;
import io.benchfleet.worker.config.JobRepositoryAdvice;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The job repository as this manager's own jobs write through it, fenced: Spring Batch writes a job execution's status
 * and its manager steps ({@code partitionStep}, {@code reportStep}) when they end, and a manager that was paused past
 * its lease and woke up after another manager took the run over would otherwise overwrite what the takeover wrote
 * (Spring Batch's {@code synchronizeStatus} adopts the newer version and upgrades the status, e.g. to UNKNOWN). Such a
 * write ({@code update} or {@code updateExecutionContext} of a job execution, or of a step execution that is not a
 * partition) is skipped with one log line when the run is no longer this process's ({@link RunLease#mayWrite}).
 * Partition steps pass unchecked: workers write those under their own claim, also in-process on a local run.
 */
public final class FencedJobRepository {

    private static final Logger log = LoggerFactory.getLogger(FencedJobRepository.class);

    /** The writes of a job execution's own rows: its status and context, and those of its steps. */
    private static final Set<Method> WRITES = Set.of(JobRepositoryAdvice.method("update", JobExecution.class),
            JobRepositoryAdvice.method("updateExecutionContext", JobExecution.class),
            JobRepositoryAdvice.method("update", StepExecution.class),
            JobRepositoryAdvice.method("updateExecutionContext", StepExecution.class));

    private FencedJobRepository() {
    }

    public static JobRepository fence(JobRepository repository, Supplier<RunLease> lease, String partitionPrefix) {
        MethodInterceptor guard = invocation -> {
            Object written = invocation.getArguments()[0];
            long jobExecutionId;
            if (written instanceof JobExecution job) {
                jobExecutionId = job.getId();
            } else if (written instanceof StepExecution step && !step.getStepName().startsWith(partitionPrefix)) {
                jobExecutionId = step.getJobExecutionId();
            } else {
                return invocation.proceed(); // a partition: its worker writes it under its own claim
            }
            if (!lease.get().mayWrite(jobExecutionId)) {
                log.warn("fenced: {} of job execution {} not written ({}); the run is another manager's now",
                        invocation.getMethod().getName(), jobExecutionId,
                        written instanceof StepExecution s ? s.getStepName() : "its status");
                return null;
            }
            return invocation.proceed();
        };
        return JobRepositoryAdvice.advise(repository, WRITES, guard);
    }
}
