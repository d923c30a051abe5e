package io.benchfleet.jobdefs.spec;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;

import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The one validator of the spec rules: Hibernate Validator over the constraints annotated on {@link BenchmarkSpec},
 * {@link Timeouts}, {@link Fleet} and {@link SpecDocument}. Used for a spec file ({@link BenchmarkSpecReader}) and
 * for run parameters ({@link SpecOverrides}) alike. Messages are interpolated by {@link ParameterMessageInterpolator}
 * ({@code {min}}, {@code {max}} and message parameters), so no Jakarta EL implementation is needed on the classpath.
 */
final class SpecValidator {

    /** Rules checked only once every default rule holds (the partition count of a broken task list means nothing). */
    interface Consistency {
    }

    /** One broken rule: where, and the message with the placeholders {@link SpecProblems} fills still in it. */
    record Violation(FieldPath path, String message, Object invalidValue) {
    }

    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    /** Problems are listed in the order of the spec's fields, as a reader goes through the file. */
    private static final List<String> FIELD_ORDER = Arrays.stream(SpecDocument.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private static final Comparator<Violation> IN_FIELD_ORDER = Comparator
            .comparingInt((Violation v) -> v.path().isEmpty() ? -1 : rank(v.path().names().get(0)))
            .thenComparing(v -> v.path().text())
            .thenComparing(v -> v.path().item() == null ? 0 : v.path().item())
            .thenComparing(Violation::message);

    private SpecValidator() {
    }

    static List<Violation> validate(Object bean, Class<?>... groups) {
        List<Violation> violations = new ArrayList<>();
        for (ConstraintViolation<Object> v : VALIDATOR.validate(bean, groups)) {
            violations.add(new Violation(path(v.getPropertyPath()), v.getMessage(), v.getInvalidValue()));
        }
        violations.sort(IN_FIELD_ORDER);
        return violations;
    }

    /** Whether {@code value} satisfies every rule on {@code property} of {@code type}. */
    static boolean allows(Class<?> type, String property, Object value) {
        return VALIDATOR.validateValue(type, property, value).isEmpty();
    }

    /**
     * The rule of a field whose message says what it found ({@code {found}}), with its bounds filled in: how a value
     * of the wrong YAML type is reported, so that {@code attempts: three} and {@code attempts: 0} read alike.
     */
    static Optional<String> typeRule(Class<?> root, FieldPath path) {
        BeanDescriptor bean = VALIDATOR.getConstraintsForClass(root);
        PropertyDescriptor property = null;
        for (String name : path.names()) {
            if (property != null) {
                bean = VALIDATOR.getConstraintsForClass(property.getElementClass());
            }
            property = bean.getConstraintsForProperty(name);
            if (property == null) {
                return Optional.empty();
            }
        }
        if (property == null) {
            return Optional.empty();
        }
        return property.getConstraintDescriptors().stream()
                .map(SpecValidator::render)
                .filter(message -> message.contains("{found}"))
                .findFirst();
    }

    private static String render(ConstraintDescriptor<?> constraint) {
        String message = constraint.getMessageTemplate();
        for (Map.Entry<String, Object> attribute : constraint.getAttributes().entrySet()) {
            if (attribute.getValue() instanceof Number || attribute.getValue() instanceof CharSequence) {
                message = message.replace("{" + attribute.getKey() + "}", String.valueOf(attribute.getValue()));
            }
        }
        return message;
    }

    /** Field names from Bean Validation's path; a list element gives its item, a map value its key as a name. */
    private static FieldPath path(Path path) {
        List<String> names = new ArrayList<>();
        Integer item = null;
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case PROPERTY -> {
                    if (node.isInIterable() && node.getIndex() != null && !names.isEmpty()) {
                        // a field of a list item (configurations[2].model): the item is part of the field's name
                        names.set(names.size() - 1, FieldPath.itemName(names.get(names.size() - 1),
                                node.getIndex() + 1));
                    }
                    names.add(node.getName());
                }
                case CONTAINER_ELEMENT -> {
                    if (node.getKey() != null) {
                        names.add(String.valueOf(node.getKey()));
                    } else if (node.getIndex() != null) {
                        item = node.getIndex() + 1;
                    }
                }
                default -> {
                    // the bean itself: no name of its own
                }
            }
        }
        return new FieldPath(names, item);
    }

    private static int rank(String field) {
        int rank = FIELD_ORDER.indexOf(FieldPath.withoutItem(field));
        return rank < 0 ? FIELD_ORDER.size() : rank;
    }
}
