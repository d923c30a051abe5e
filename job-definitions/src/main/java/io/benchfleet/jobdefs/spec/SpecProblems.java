package io.benchfleet.jobdefs.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * The problems found in one spec (or one set of run parameters), one line each in the form
 * {@code <location>: <what is wrong> (<what to do>)}, all reported at once by {@link #throwIfAny()}.
 * <p>
 * The location of a field is given by the caller ({@code spec.yaml: timeouts.multiplier}, {@code parameter
 * 'timeoutMultiplier'}); the rest of the line is the rule's own message, with {@code {found}}, {@code {value}} and
 * {@code {item}} filled in from what the input held at that field. A field with a problem is set aside: later rules
 * about it (a missing value once a value of the wrong type was dropped) would only repeat the first problem.
 */
final class SpecProblems {

    private final Function<FieldPath, String> locate;
    private final Function<FieldPath, JsonNode> input;
    private final Set<String> lines = new LinkedHashSet<>();
    private final List<FieldPath> setAside = new ArrayList<>();

    /**
     * @param locate names the place of a field in the input, e.g. {@code spec.yaml: attempts}
     * @param input  what the input held at a field (a missing node or null when it is not known)
     */
    SpecProblems(Function<FieldPath, String> locate, Function<FieldPath, JsonNode> input) {
        this.locate = locate;
        this.input = input;
    }

    /** Adds one problem at {@code path}; {@code found} is what the input held there (null: not known). */
    void add(FieldPath path, String message, JsonNode found) {
        lines.add(line(path, message, () -> found));
        setAside(path);
    }

    /** Adds every violation about a field that was not set aside before this call. */
    void addAll(List<SpecValidator.Violation> violations) {
        List<SpecValidator.Violation> fresh = violations.stream().filter(v -> !isSetAside(v.path())).toList();
        for (SpecValidator.Violation v : fresh) {
            lines.add(line(v.path(), v.message(), () -> found(v)));
        }
        fresh.forEach(v -> setAside(v.path()));
    }

    /** No rule is checked on this field (or inside it) any more: its value could not be read. */
    void setAside(FieldPath path) {
        setAside.add(new FieldPath(path.names(), null));
    }

    boolean isSetAside(FieldPath path) {
        return setAside.stream().anyMatch(path::within);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new InvalidSpecException(List.copyOf(lines));
        }
    }

    private String line(FieldPath path, String message, Supplier<JsonNode> found) {
        String text = message;
        if (text.contains("{found}")) {
            text = text.replace("{found}", describe(found.get()));
        }
        if (text.contains("{value}")) {
            text = text.replace("{value}", quote(found.get()));
        }
        if (path.item() != null) {
            text = text.replace("{item}", String.valueOf(path.item()));
        }
        return locate.apply(path) + ": " + text;
    }

    /** What the input held at the violation's field, or else the value that was validated. */
    private JsonNode found(SpecValidator.Violation v) {
        JsonNode node = input.apply(v.path());
        if (node == null || node.isMissingNode()) {
            node = SpecYaml.MAPPER.valueToTree(v.invalidValue());
        }
        return node;
    }

    /** What a value is, as the spec's messages say it: {@code integer '0'}, {@code text 'x'}, {@code list}. */
    static String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "mapping";
        }
        if (value.isArray()) {
            return "list";
        }
        if (value.isString()) {
            return SecretRule.looksLikeSecret(value.stringValue()) ? SecretRule.HIDDEN
                    : "text '" + value.stringValue() + "'";
        }
        return typeName(value) + " '" + value.asString() + "'";
    }

    /** A value as text in quotes, as rules about text quote it: {@code 'Not An Image'}. */
    static String quote(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "''";
        }
        if (value.isContainer()) {
            return describe(value);
        }
        String text = value.asString();
        return SecretRule.looksLikeSecret(text) ? SecretRule.HIDDEN : "'" + text + "'";
    }

    private static String typeName(JsonNode scalar) {
        if (scalar.isBoolean()) {
            return "boolean";
        }
        if (!scalar.isNumber()) {
            return "value";
        }
        return switch (scalar.numberType()) {
            case INT -> "integer";
            case LONG -> "long";
            case BIG_INTEGER -> "biginteger";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BIG_DECIMAL -> "bigdecimal";
        };
    }
}
