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
 * A spec names a model unless its agent runs without one ({@code oracle}, {@code nop}): every LLM agent fails at its
 * first call without a model, after the whole fleet has been started. Reported on {@code model}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AgentHasModel.Check.class)
public @interface AgentHasModel {

    String message() default SpecRules.MODEL_REQUIRED;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link AgentHasModel}; an invalid or secret-looking agent is left to the agent's own rules. */
    final class Check implements ConstraintValidator<AgentHasModel, BenchmarkSpec> {

        @Override
        public boolean isValid(BenchmarkSpec spec, ConstraintValidatorContext context) {
            String agent = spec.agent();
            if (spec.model() != null || agent == null || !agent.matches(SpecRules.TASK)
                    || SecretRule.looksLikeSecret(agent) || SpecRules.AGENTS_WITHOUT_MODEL.contains(agent)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.unwrap(HibernateConstraintValidatorContext.class)
                    .addMessageParameter("agent", agent)
                    .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("model")
                    .addConstraintViolation();
            return false;
        }
    }
}
