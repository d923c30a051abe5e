package io.benchfleet.jobdefs;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of benchfleet's own documents (queue messages, report.json, every command's {@code --json}),
 * with Jackson's defaults: records as objects, java.time values as ISO-8601 text, unknown fields ignored when read.
 * Harbor's files have a lenient mapper of their own.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final ObjectWriter PRETTY = MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** {@code value} as indented JSON text. */
    public static String pretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }

    /** {@code value} as indented JSON, UTF-8. */
    public static byte[] prettyBytes(Object value) {
        return PRETTY.writeValueAsBytes(value);
    }
}
