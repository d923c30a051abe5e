package io.benchfleet.jobdefs.harbor.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class HarborJsonTest {

    record Numbers(Double ratio, Long tokens, Integer trials, Instant at) {
    }

    record Texts(String name, List<String> names, String after) {
    }

    record Written(String zeta, Long nInputTokens, Instant startedAt, String alpha) {
    }

    private static <T> T read(String json, Class<T> type) {
        return HarborJson.MAPPER.readValue(json, type);
    }

    @Test
    void readsBooleansAsOneAndZeroLikePython() {
        Numbers numbers = read("{\"ratio\": true, \"tokens\": false, \"trials\": true}", Numbers.class);

        assertThat(numbers.ratio()).isEqualTo(1.0);
        assertThat(numbers.tokens()).isZero();
        assertThat(numbers.trials()).isEqualTo(1);
    }

    @Test
    void readsAWholeNumberGivenAsAFloatOrANumericStringButNotAFraction() {
        assertThat(read("{\"tokens\": 12.0}", Numbers.class).tokens()).isEqualTo(12L);
        assertThat(read("{\"tokens\": \" 12 \"}", Numbers.class).tokens()).isEqualTo(12L);
        assertThat(read("{\"tokens\": 12.5}", Numbers.class).tokens()).isNull();
        assertThat(read("{\"tokens\": 99999999999999999999}", Numbers.class).tokens()).as("beyond a long").isNull();
        assertThat(read("{\"trials\": 3000000000}", Numbers.class).trials()).as("beyond an int").isNull();
    }

    @Test
    void readsNonFiniteNumbersAsAbsent() {
        Numbers numbers = read("{\"ratio\": Infinity, \"tokens\": NaN}", Numbers.class);

        assertThat(numbers.ratio()).isNull();
        assertThat(numbers.tokens()).isNull();
    }

    @Test
    void readsFractionalEpochSecondsAsTheirInstant() {
        // 1787493600 s after the epoch is 2026-08-23T14:00:00Z (20688 days of 86400 s, plus 14 h); .25 s is 250 ms
        Numbers numbers = read("{\"at\": 1787493600.25}", Numbers.class);

        assertThat(numbers.at()).isEqualTo(Instant.parse("2026-08-23T14:00:00.250Z"));
    }

    @Test
    void readsValuesOfAnUnexpectedShapeAsAbsentAndGoesOnReading() {
        Texts texts = read("{\"name\": {\"first\": [1, 2]}, \"names\": {\"not\": \"a list\"}, \"after\": \"read\"}",
                Texts.class);

        assertThat(texts.name()).isNull();
        assertThat(texts.names()).isNull();
        assertThat(texts.after()).isEqualTo("read");
    }

    @Test
    void readsANonObjectDocumentAsNoValue() {
        assertThat(read("[{\"name\": \"x\"}]", Texts.class)).isNull();
        assertThat(read("\"x\"", Texts.class)).isNull();
    }

    @Test
    void writesSnakeCaseNamesInDeclarationOrderWithNullsAndMicrosecondUtcTimes() {
        String json = HarborJson.MAPPER.writeValueAsString(
                new Written(null, 1L, Instant.parse("2026-08-22T14:02:11.482113999Z"), "a"));

        // Pydantic keeps microseconds: the last 999 ns are dropped, not rounded up
        assertThat(json).isEqualTo("{\"zeta\":null,\"n_input_tokens\":1,"
                + "\"started_at\":\"2026-08-22T14:02:11.482113Z\",\"alpha\":\"a\"}");
    }
}
