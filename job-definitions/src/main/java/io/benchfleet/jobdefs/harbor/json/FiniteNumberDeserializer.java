package io.benchfleet.jobdefs.harbor.json;

import java.math.BigDecimal;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Reads a {@link Double} the way Harbor's numbers come: ints, floats and numeric strings ({@code "0.75"}), booleans as
 * 1 and 0 like in Python. Non-finite values ({@code NaN}, which Python's json module writes) and anything else read as
 * absent.
 */
final class FiniteNumberDeserializer extends StdScalarDeserializer<Double> {

    FiniteNumberDeserializer() {
        super(Double.class);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) {
        return finite(p);
    }

    /** The current value as a finite number, {@code null} if it is none; a structured value is skipped. */
    static Double finite(JsonParser p) {
        double number;
        switch (p.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number = p.getDoubleValue();
            case VALUE_TRUE -> number = 1.0;
            case VALUE_FALSE -> number = 0.0;
            case VALUE_STRING -> {
                try {
                    number = new BigDecimal(p.getString().trim()).doubleValue();
                } catch (NumberFormatException notANumber) {
                    return null;
                }
            }
            default -> {
                p.skipChildren();
                return null;
            }
        }
        return Double.isFinite(number) ? number : null;
    }
}
