package io.benchfleet.worker.config;

import java.lang.reflect.Method;
import java.util.Set;

import org.aopalliance.aop.Advice;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.util.ReflectionUtils;

/**
 * A Spring Batch job repository with advice on exactly the methods named, everything else passed through unchanged:
 * how benchfleet hooks into the repository where Spring Batch offers no listener (the restart's partition tap, the
 * fence of a manager's writes, the trial step's changed-only writes). Methods are resolved once, when the class that
 * names them loads, so a Spring Batch API change fails at start-up instead of silently advising nothing.
 */
public final class JobRepositoryAdvice {

    private JobRepositoryAdvice() {
    }

    /** {@code JobRepository#name(parameter)}, or an error naming it when this Spring Batch version has none. */
    public static Method method(String name, Class<?> parameter) {
        Method method = ReflectionUtils.findMethod(JobRepository.class, name, parameter);
        if (method == null) {
            throw new IllegalStateException("JobRepository#" + name + "(" + parameter.getSimpleName() + ") is "
                    + "missing: this Spring Batch version is not the one benchfleet was built with");
        }
        return method;
    }

    /** {@code repository} with {@code advice} on {@code methods} only. */
    public static JobRepository advise(JobRepository repository, Set<Method> methods, Advice advice) {
        ProxyFactory proxy = new ProxyFactory(repository);
        proxy.addInterface(JobRepository.class);
        proxy.addAdvisor(new DefaultPointcutAdvisor(new StaticMethodMatcherPointcut() {
            @Override
            public boolean matches(Method method, Class<?> targetClass) {
                return methods.contains(method);
            }
        }, advice));
        return (JobRepository) proxy.getProxy(JobRepositoryAdvice.class.getClassLoader());
    }
}
