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

/**
 * A spec document gives its tasks one way: inline under {@code tasks} or as a file under {@code taskFile}, never
 * both (which one would win is a guess) and never neither. Reported on {@code tasks}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OneTaskSource.Check.class)
@interface OneTaskSource {

    String message() default SpecRules.TASKS_REQUIRED;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link OneTaskSource}. */
    final class Check implements ConstraintValidator<OneTaskSource, SpecDocument> {

        @Override
        public boolean isValid(SpecDocument document, ConstraintValidatorContext context) {
            boolean inline = document.tasks() != null;
            if (inline != (document.taskFile() != null)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(inline ? SpecRules.TASKS_AND_TASK_FILE
                            : context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("tasks")
                    .addConstraintViolation();
            return false;
        }
    }
}
