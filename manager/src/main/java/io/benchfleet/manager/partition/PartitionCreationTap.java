package io.benchfleet.manager.partition;

import java.lang.reflect.Method;
import java.util.function.Consumer;

import org.springframework.aop.AfterReturningAdvice;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.util.ReflectionUtils;

/**
 * The job repository as Spring Batch's {@code SimpleStepExecutionSplitter} sees it on a restart, telling
 * {@code created} about each partition step execution the moment the splitter has saved it with its context, so the
 * partition can be dispatched while the rest are still being created. The splitter has no hook of its own between
 * two partitions; this is a Spring AOP proxy advising exactly {@link JobRepository#updateExecutionContext(StepExecution)}
 * after it returned (the method is resolved once, so an API change fails at start-up, not silently). Everything else
 * goes to the repository unchanged.
 */
public final class PartitionCreationTap {

    private static final Method UPDATE_CONTEXT = ReflectionUtils.findMethod(JobRepository.class,
            "updateExecutionContext", StepExecution.class);

    static {
        if (UPDATE_CONTEXT == null) {
            throw new IllegalStateException("JobRepository#updateExecutionContext(StepExecution) is missing: "
                    + "this Spring Batch version is not the one benchfleet was built with");
        }
    }

    private PartitionCreationTap() {
    }

    public static JobRepository tap(JobRepository repository, String partitionStepPrefix,
            Consumer<StepExecution> created) {
        AfterReturningAdvice saved = (returned, method, args, target) -> {
            if (args[0] instanceof StepExecution s && s.getStepName().startsWith(partitionStepPrefix)) {
                created.accept(s);
            }
        };
        ProxyFactory proxy = new ProxyFactory(repository);
        proxy.addInterface(JobRepository.class);
        proxy.addAdvisor(new DefaultPointcutAdvisor(new StaticMethodMatcherPointcut() {
            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                return method.equals(UPDATE_CONTEXT);
            }
        }, saved));
        return (JobRepository) proxy.getProxy(PartitionCreationTap.class.getClassLoader());
    }
}
