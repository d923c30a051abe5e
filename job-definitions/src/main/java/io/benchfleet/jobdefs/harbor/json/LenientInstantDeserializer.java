package io.benchfleet.jobdefs.harbor.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Reads an {@link Instant} from any timestamp form Harbor has written: ISO-8601 with {@code Z} or an offset, without
 * any offset (older files and job results; read as UTC), with a space instead of {@code T}, or epoch seconds.
 * Anything else reads as absent.
 */
final class LenientInstantDeserializer extends StdScalarDeserializer<Instant> {

    LenientInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
        switch (p.currentToken()) {
            case VALUE_STRING -> {
                return parse(p.getString());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return epochSeconds(p.getDoubleValue());
            }
            default -> {
                p.skipChildren();
                return null;
            }
        }
    }

    private static Instant epochSeconds(double seconds) {
        if (!Double.isFinite(seconds)) {
            return null;
        }
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1_000_000_000L));
    }

    private static Instant parse(String text) {
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
}
