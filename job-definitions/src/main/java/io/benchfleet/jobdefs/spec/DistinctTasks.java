package io.benchfleet.jobdefs.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * Each task is listed once: a task listed twice would run twice as many trials as its neighbours and skew the
 * pass rate; repeats are what {@code attempts} is for. Each extra occurrence is one problem naming the task.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctTasks.Check.class)
public @interface DistinctTasks {

    String message() default SpecRules.TASK_TWICE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link DistinctTasks}. */
    final class Check implements ConstraintValidator<DistinctTasks, List<String>> {

        @Override
        public boolean isValid(List<String> tasks, ConstraintValidatorContext context) {
            if (tasks == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            boolean valid = true;
            for (String task : tasks) {
                if (!seen.add(task)) {
                    if (valid) {
                        context.disableDefaultConstraintViolation();
                        valid = false;
                    }
                    context.unwrap(HibernateConstraintValidatorContext.class)
                            .addMessageParameter("task", task)
                            .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                            .addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
