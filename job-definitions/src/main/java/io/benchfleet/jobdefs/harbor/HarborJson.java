package io.benchfleet.jobdefs.harbor;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lenient readers for the JSON Harbor writes (Pydantic's {@code model_dump_json}): a field of the wrong shape reads
 * as absent instead of failing.
 */
final class HarborJson {

    /** Accepts the {@code NaN}/{@code Infinity} tokens Python's json module may write. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private HarborJson() {
    }

    /** The named member if {@code node} is an object and the member is an object, else {@code null}. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode value = member(node, field);
        return value != null && value.isObject() ? value : null;
    }

    /** The named member as text (numbers and booleans converted), {@code null} if absent, null or structured. */
    static String text(JsonNode node, String field) {
        JsonNode value = member(node, field);
        if (value == null || !value.isValueNode()) {
            return null;
        }
        return value.asString();
    }

    /** The named member as a whole number; accepts {@code 12}, {@code 12.0} and {@code "12"}, else {@code null}. */
    static Long wholeNumber(JsonNode node, String field) {
        JsonNode value = member(node, field);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? value.longValue() : null;
        }
        Double number = number(value);
        if (number == null || number != Math.rint(number) || Math.abs(number) > Long.MAX_VALUE) {
            return null;
        }
        return number.longValue();
    }

    /** The named member as a finite number; accepts integers, floats and numeric strings, else {@code null}. */
    static Double number(JsonNode node, String field) {
        return number(member(node, field));
    }

    /** {@code node} as a finite number; booleans count as 1 and 0 like in Python. */
    static Double number(JsonNode value) {
        if (value == null) {
            return null;
        }
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isBoolean()) {
            number = value.booleanValue() ? 1.0 : 0.0;
        } else if (value.isString()) {
            try {
                number = new BigDecimal(value.stringValue().trim()).doubleValue();
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(number) ? number : null;
    }

    /** The named member as a whole number that fits an int, else {@code null}. */
    static Integer count(JsonNode node, String field) {
        Long value = wholeNumber(node, field);
        if (value == null || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return null;
        }
        return value.intValue();
    }

    /**
     * The named member as an instant: ISO-8601 with {@code Z} or an offset, or without any offset (older Harbor files
     * and job results; read as UTC), or epoch seconds. Anything else reads as {@code null}.
     */
    static Instant instant(JsonNode node, String field) {
        JsonNode value = member(node, field);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            double seconds = value.doubleValue();
            if (!Double.isFinite(seconds)) {
                return null;
            }
            long whole = (long) Math.floor(seconds);
            return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1_000_000_000L));
        }
        if (!value.isString()) {
            return null;
        }
        return parseInstant(value.stringValue());
    }

    static Instant parseInstant(String text) {
        String iso = text.trim();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unparseable) {
                return null;
            }
        }
    }

    private static JsonNode member(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }
}
