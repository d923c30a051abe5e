package io.benchfleet.jobdefs.harbor.json;

import java.util.function.LongFunction;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Reads a whole number (token counts, trial counts) the way Harbor's numbers come: {@code 12}, {@code 12.0},
 * {@code "12"}, or a boolean as 1 or 0. A fraction, a value out of range or anything else reads as absent.
 */
final class WholeNumberDeserializer<T extends Number> extends StdScalarDeserializer<T> {

    static final WholeNumberDeserializer<Long> LONG =
            new WholeNumberDeserializer<>(Long.class, Long.MIN_VALUE, Long.MAX_VALUE, Long::valueOf);
    static final WholeNumberDeserializer<Integer> INTEGER =
            new WholeNumberDeserializer<>(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, Math::toIntExact);

    private final long min;
    private final long max;
    private final LongFunction<T> box;

    private WholeNumberDeserializer(Class<T> type, long min, long max, LongFunction<T> box) {
        super(type);
        this.min = min;
        this.max = max;
        this.box = box;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) {
        Long value = whole(p);
        return value == null || value < min || value > max ? null : box.apply(value);
    }

    private static Long whole(JsonParser p) {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : p.getLongValue();
        }
        Double number = FiniteNumberDeserializer.finite(p);
        if (number == null || number != Math.rint(number) || Math.abs(number) > Long.MAX_VALUE) {
            return null;
        }
        return number.longValue();
    }
}
