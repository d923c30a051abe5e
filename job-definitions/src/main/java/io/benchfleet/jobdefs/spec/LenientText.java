package io.benchfleet.jobdefs.spec;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Where the spec takes text whatever its YAML type, against the strict text binding of {@link SpecYaml#MAPPER}:
 * {@code max_turns: 200} is the agent argument {@code "200"}, and a task list item is a name to check, not a type to
 * refuse.
 */
final class LenientText {

    private LenientText() {
    }

    /** A scalar as its text ({@code 200}, {@code true}, {@code 0.5}); a list or mapping is refused. */
    static final class Scalar extends ValueDeserializer<String> {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken().isScalarValue()) {
                return p.getValueAsString();
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    /** Anything as text: a list or mapping becomes its JSON text, which the item's own rule then refuses. */
    static final class Anything extends ValueDeserializer<String> {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken().isScalarValue()) {
                return p.getValueAsString();
            }
            return ctxt.readTree(p).toString();
        }
    }
}
