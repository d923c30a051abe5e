package io.benchfleet.manager.job;

import java.util.function.Supplier;

import io.benchfleet.manager.run.RunLease;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
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

    private FencedJobRepository() {
    }

    public static JobRepository fence(JobRepository repository, Supplier<RunLease> lease, String partitionPrefix) {
        MethodInterceptor guard = invocation -> {
            Object[] args = invocation.getArguments();
            String name = invocation.getMethod().getName();
            if (args.length == 1 && (name.equals("update") || name.equals("updateExecutionContext"))) {
                Long jobExecutionId = null;
                if (args[0] instanceof JobExecution job) {
                    jobExecutionId = job.getId();
                } else if (args[0] instanceof StepExecution step && !step.getStepName().startsWith(partitionPrefix)) {
                    jobExecutionId = step.getJobExecutionId();
                }
                if (jobExecutionId != null && !lease.get().mayWrite(jobExecutionId)) {
                    log.warn("fenced: {} of job execution {} not written ({}); the run is another manager's now",
                            name, jobExecutionId, args[0] instanceof StepExecution s ? s.getStepName() : "its status");
                    return null;
                }
            }
            return invocation.proceed();
        };
        ProxyFactory proxy = new ProxyFactory(repository);
        proxy.addInterface(JobRepository.class);
        proxy.addAdvice(guard);
        return (JobRepository) proxy.getProxy(FencedJobRepository.class.getClassLoader());
    }
}
