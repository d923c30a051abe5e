package io.benchfleet.jobdefs.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * No secret anywhere in a spec: a spec is committed, stored with each run and printed in logs, so an API key written
 * into it (a secret-looking {@code agentKwargs} key such as {@code api_key}, or a value shaped like a credential in any
 * field) is refused by {@code SecretRule}, one problem per field, naming the field and never the value.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoSecretValues.Check.class)
public @interface NoSecretValues {

    String message() default SecretRule.IN_SPEC;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link NoSecretValues}. */
    final class Check implements ConstraintValidator<NoSecretValues, BenchmarkSpec> {

        @Override
        public boolean isValid(BenchmarkSpec spec, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            boolean valid = text(context, "name", spec.name())
                    & text(context, "description", spec.description())
                    & text(context, "dataset", spec.dataset())
                    & text(context, "agent", spec.agent())
                    & text(context, "model", spec.model())
                    & text(context, "harborImage", spec.harborImage());
            List<String> tasks = spec.tasks();
            for (int i = 0; i < tasks.size(); i++) {
                if (SecretRule.looksLikeSecret(tasks.get(i))) {
                    valid = false;
                    item(context, SecretRule.IN_SPEC, "tasks", i);
                }
            }
            for (Map.Entry<String, String> kwarg : spec.agentKwargs().entrySet()) {
                if (SecretRule.isSecretArgument(kwarg.getKey(), kwarg.getValue())) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate(SecretRule.IN_SPEC)
                            .addPropertyNode("agentKwargs")
                            .addContainerElementNode("<map value>", Map.class, 1).inIterable().atKey(kwarg.getKey())
                            .addConstraintViolation();
                }
            }
            List<Configuration> configurations = spec.configurations();
            for (int i = 0; i < configurations.size(); i++) {
                Configuration c = configurations.get(i);
                if (c == null) {
                    continue;
                }
                valid &= inConfiguration(context, i, "name", c.name()) & inConfiguration(context, i, "agent", c.agent())
                        & inConfiguration(context, i, "model", c.model());
                for (Map.Entry<String, String> kwarg : c.agentKwargs().entrySet()) {
                    if (SecretRule.isSecretArgument(kwarg.getKey(), kwarg.getValue())) {
                        valid = false;
                        context.buildConstraintViolationWithTemplate(SecretRule.IN_SPEC)
                                .addPropertyNode("configurations")
                                .addPropertyNode("agentKwargs").inIterable().atIndex(i)
                                .addContainerElementNode("<map value>", Map.class, 1).inIterable()
                                .atKey(kwarg.getKey())
                                .addConstraintViolation();
                    }
                }
            }
            List<String> secrets = spec.secrets();
            for (int i = 0; i < secrets.size(); i++) {
                // A name-shaped item that is a credential (an AWS access key id is all capitals and digits); other
                // non-names are refused by the item's own rule, which never echoes it either.
                String item = secrets.get(i);
                if (item.matches(SpecRules.ENV_NAME) && SecretRule.looksLikeSecret(item)) {
                    valid = false;
                    item(context, SecretRule.IN_SECRETS, "secrets", i);
                }
            }
            return valid;
        }

        private static boolean text(ConstraintValidatorContext context, String field, String value) {
            if (!SecretRule.looksLikeSecret(value)) {
                return true;
            }
            context.buildConstraintViolationWithTemplate(SecretRule.IN_SPEC).addPropertyNode(field)
                    .addConstraintViolation();
            return false;
        }

        private static boolean inConfiguration(ConstraintValidatorContext context, int index, String field,
                String value) {
            if (!SecretRule.looksLikeSecret(value)) {
                return true;
            }
            context.buildConstraintViolationWithTemplate(SecretRule.IN_SPEC).addPropertyNode("configurations")
                    .addPropertyNode(field).inIterable().atIndex(index).addConstraintViolation();
            return false;
        }

        private static void item(ConstraintValidatorContext context, String template, String field, int index) {
            context.buildConstraintViolationWithTemplate(template)
                    .addPropertyNode(field)
                    .addContainerElementNode("<list element>", List.class, 0).inIterable().atIndex(index)
                    .addConstraintViolation();
        }
    }
}
