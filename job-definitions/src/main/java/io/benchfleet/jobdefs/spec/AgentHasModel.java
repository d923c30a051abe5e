package io.benchfleet.jobdefs.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * Every configuration a spec runs has an agent and, unless that agent runs without one ({@code oracle}, {@code nop}),
 * a model: every LLM agent fails at its first call without a model, after the whole fleet has been started. A spec of
 * one agent needs {@code agent} (and {@code model}); a matrix spec needs them at the top or in each configuration.
 * Reported on {@code agent} and {@code model}, or on the configuration's {@code model}.
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
            context.disableDefaultConstraintViolation();
            if (!spec.isMatrix()) {
                if (spec.agent() == null) {
                    context.buildConstraintViolationWithTemplate(SpecRules.AGENT_REQUIRED).addPropertyNode("agent")
                            .addConstraintViolation();
                    return false;
                }
                if (needsModel(spec.agent(), spec.model())) {
                    context.unwrap(HibernateConstraintValidatorContext.class)
                            .addMessageParameter("agent", spec.agent())
                            .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                            .addPropertyNode("model")
                            .addConstraintViolation();
                    return false;
                }
                return true;
            }
            boolean valid = true;
            List<Configuration> resolved = spec.matrix();
            for (int i = 0; i < resolved.size(); i++) {
                Configuration c = resolved.get(i);
                if (c == null) {
                    continue;
                }
                if (c.agent() == null) {
                    // only when neither the spec nor this configuration names one: reported once, on the spec's
                    context.buildConstraintViolationWithTemplate(SpecRules.CONFIGURATION_AGENT_REQUIRED)
                            .addPropertyNode("agent").addConstraintViolation();
                    return false;
                }
                if (needsModel(c.agent(), c.model())) {
                    valid = false;
                    context.unwrap(HibernateConstraintValidatorContext.class)
                            .addMessageParameter("agent", c.agent())
                            .addMessageParameter("configuration", String.valueOf(c.name()))
                            .buildConstraintViolationWithTemplate(SpecRules.CONFIGURATION_MODEL_REQUIRED)
                            .addPropertyNode("configurations")
                            .addPropertyNode("model").inIterable().atIndex(i)
                            .addConstraintViolation();
                }
            }
            return valid;
        }

        private static boolean needsModel(String agent, String model) {
            return model == null && agent.matches(SpecRules.TASK) && !SecretRule.looksLikeSecret(agent)
                    && !SpecRules.AGENTS_WITHOUT_MODEL.contains(agent);
        }
    }
}
