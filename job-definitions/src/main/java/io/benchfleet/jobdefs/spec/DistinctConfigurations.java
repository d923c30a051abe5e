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
 * Each configuration of a matrix spec has a name of its own: the name is part of every partition key and of the
 * leaderboard, so two configurations of one name would run into each other's partitions.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctConfigurations.Check.class)
public @interface DistinctConfigurations {

    String message() default SpecRules.CONFIGURATION_TWICE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link DistinctConfigurations}. */
    final class Check implements ConstraintValidator<DistinctConfigurations, List<Configuration>> {

        @Override
        public boolean isValid(List<Configuration> configurations, ConstraintValidatorContext context) {
            if (configurations == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            boolean valid = true;
            for (Configuration c : configurations) {
                if (c != null && c.name() != null && !seen.add(c.name())) {
                    if (valid) {
                        context.disableDefaultConstraintViolation();
                        valid = false;
                    }
                    context.unwrap(HibernateConstraintValidatorContext.class)
                            .addMessageParameter("configuration", c.name())
                            .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                            .addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
