package io.benchfleet.jobdefs.harbor.json;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/** Writes an {@link Instant} as Pydantic writes an aware UTC datetime: ISO-8601 with {@code Z}, to the microsecond. */
final class MicrosecondInstantSerializer extends StdSerializer<Instant> {

    MicrosecondInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializationContext provider) {
        gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.MICROS)));
    }
}
