package io.benchfleet.jobdefs.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * A spec's {@code partitionTarget}, when given, equals (configurations x) tasks x attempts: the target is how a truncated or padded task
 * file is caught before 750 partitions quietly become 740. Validated in {@code SpecValidator.Consistency}, i.e. only
 * once every other rule holds, because the count of an invalid task list means nothing.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PartitionTargetMatches.Check.class)
public @interface PartitionTargetMatches {

    String message() default SpecRules.PARTITION_TARGET;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link PartitionTargetMatches}. */
    final class Check implements ConstraintValidator<PartitionTargetMatches, BenchmarkSpec> {

        @Override
        public boolean isValid(BenchmarkSpec spec, ConstraintValidatorContext context) {
            Integer target = spec.partitionTarget();
            int partitions = spec.trialCount();
            if (target == null || target == partitions) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.unwrap(HibernateConstraintValidatorContext.class)
                    .addMessageParameter("target", target)
                    .addMessageParameter("configurations", spec.matrix().size())
                    .addMessageParameter("tasks", spec.tasks().size())
                    .addMessageParameter("attempts", spec.attempts())
                    .addMessageParameter("partitions", partitions)
                    .buildConstraintViolationWithTemplate(spec.isMatrix() ? SpecRules.PARTITION_TARGET_MATRIX
                            : context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("partitionTarget")
                    .addConstraintViolation();
            return false;
        }
    }
}
