package io.benchfleet.jobdefs.harbor.json;

import java.time.Instant;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The Jackson mapper for the JSON Harbor writes (Pydantic's {@code model_dump_json}), binding the Harbor records of
 * {@code io.benchfleet.jobdefs.harbor}. Harbor's files drift between releases and older ones carry odd shapes, and one
 * odd field must not cost a trial its result, so reading is lenient with Jackson's own hooks rather than by walking
 * trees:
 * <ul>
 * <li>snake_case property names ({@code nInputTokens} is {@code n_input_tokens}), unknown fields ignored;</li>
 * <li>Python's {@code NaN}/{@code Infinity} tokens accepted (non-finite numbers then read as absent);</li>
 * <li>numbers may come as ints, floats, numeric strings or booleans ({@link FiniteNumberDeserializer},
 * {@link WholeNumberDeserializer});</li>
 * <li>timestamps with {@code Z}, an offset, no offset (UTC), a space for {@code T}, or epoch seconds
 * ({@link LenientInstantDeserializer});</li>
 * <li>any other field of an unexpected shape reads as absent ({@link MisshapenValueAsAbsent}).</li>
 * </ul>
 * Writing follows Pydantic too: nulls kept, properties in declaration order, aware timestamps in UTC with {@code Z}
 * ({@link MicrosecondInstantSerializer}).
 */
public final class HarborJson {

    /** Reads and writes Harbor's JSON; immutable and thread-safe. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .addHandler(new MisshapenValueAsAbsent())
            .addModule(new SimpleModule("harbor")
                    .addDeserializer(Double.class, new FiniteNumberDeserializer())
                    .addDeserializer(Long.class, WholeNumberDeserializer.LONG)
                    .addDeserializer(Integer.class, WholeNumberDeserializer.INTEGER)
                    .addDeserializer(Instant.class, new LenientInstantDeserializer())
                    .addSerializer(Instant.class, new MicrosecondInstantSerializer()))
            .build();

    private HarborJson() {
    }
}
