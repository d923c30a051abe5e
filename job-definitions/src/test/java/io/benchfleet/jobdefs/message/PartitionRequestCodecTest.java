package io.benchfleet.jobdefs.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionRequestCodecTest {

    private final PartitionRequestCodec codec = new PartitionRequestCodec();

    @Test
    void roundTripsARequest() {
        PartitionRequest request = new PartitionRequest("trial:fix-git__a01", 42, 4711, "fix-git__a01");

        String body = codec.encode(request);

        assertThat(body).contains("\"stepName\":\"trial:fix-git__a01\"").contains("\"jobExecutionId\":42")
                .contains("\"stepExecutionId\":4711").contains("\"partitionKey\":\"fix-git__a01\"");
        assertThat(codec.decode(body)).isEqualTo(request);
    }

    @Test
    void roundTripsARequestWithoutPartitionKey() {
        PartitionRequest request = new PartitionRequest("trial:x", 1, 2, null);

        assertThat(codec.decode(codec.encode(request))).isEqualTo(request);
    }

    @Test
    void treatsThePartitionKeyAsOptional() {
        assertThat(codec.decode("{\"stepName\":\"trial:x\",\"jobExecutionId\":1,\"stepExecutionId\":2}"))
                .isEqualTo(new PartitionRequest("trial:x", 1, 2, null));
        assertThat(codec.decode("{\"stepName\":\"trial:x\",\"jobExecutionId\":1,\"stepExecutionId\":2,"
                + "\"partitionKey\":null}").partitionKey()).isNull();
    }

    @Test
    void ignoresUnknownFieldsAndSurroundingWhitespace() {
        assertThat(codec.decode("\n {\"stepName\":\"trial:x\",\"jobExecutionId\":1,\"stepExecutionId\":2,"
                + "\"extra\":[1,2]} \n")).isEqualTo(new PartitionRequest("trial:x", 1, 2, null));
    }

    @ParameterizedTest(name = "body \"{0}\"")
    @ValueSource(strings = {"", "   ", "\n\t"})
    void rejectsAnEmptyBody(String body) {
        assertMalformed(body).hasMessage("empty message body (expected a partition request JSON)");
    }

    @Test
    void rejectsANullBody() {
        assertMalformed(null).hasMessage("empty message body (expected a partition request JSON)");
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        assertMalformed("hello worker").hasMessage("message body is not JSON: hello worker");
    }

    @Test
    void rejectsTruncatedJson() {
        assertMalformed("{\"stepName\":\"trial:x\",").hasMessageStartingWith("message body is not JSON: ");
    }

    @Test
    void rejectsAJsonArray() {
        assertMalformed("[1, 2]").hasMessage("message body is not a JSON object: [1, 2]");
    }

    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {"42", "\"text\"", "null", "true"})
    void rejectsOtherJsonThatIsNotAnObject(String body) {
        assertMalformed(body).hasMessageStartingWith("message body is not a JSON object: ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"jobExecutionId\":1,\"stepExecutionId\":2}",
            "{\"stepName\":null,\"jobExecutionId\":1,\"stepExecutionId\":2}",
            "{\"stepName\":\" \",\"jobExecutionId\":1,\"stepExecutionId\":2}",
            "{\"stepName\":7,\"jobExecutionId\":1,\"stepExecutionId\":2}"})
    void rejectsAMissingOrBlankStepName(String body) {
        assertMalformed(body).hasMessage("message has no 'stepName': " + body);
    }

    @ParameterizedTest(name = "stepExecutionId {0}")
    @ValueSource(strings = {"0", "-5", "\"12\"", "1.5", "null"})
    void rejectsAStepExecutionIdThatIsNotAPositiveWholeNumber(String value) {
        String body = "{\"stepName\":\"trial:x\",\"jobExecutionId\":1,\"stepExecutionId\":" + value + "}";

        assertMalformed(body).hasMessage("message has no positive 'stepExecutionId': " + body);
    }

    @Test
    void rejectsAMissingStepExecutionId() {
        String body = "{\"stepName\":\"trial:x\",\"jobExecutionId\":1}";

        assertMalformed(body).hasMessage("message has no positive 'stepExecutionId': " + body);
    }

    @Test
    void rejectsAMissingJobExecutionId() {
        String body = "{\"stepName\":\"trial:x\",\"stepExecutionId\":2}";

        assertMalformed(body).hasMessage("message has no positive 'jobExecutionId': " + body);
    }

    @Test
    void abbreviatesALongGarbageBodyInTheMessage() {
        String body = "x".repeat(5000);

        Throwable e = catchMalformed(body);

        assertThat(e.getMessage()).isEqualTo("message body is not JSON: " + "x".repeat(200) + "...");
    }

    @Test
    void abbreviatesALongObjectAndPutsItOnOneLine() {
        String body = "{\n  \"stepName\": \"trial:x\",\n  \"padding\": \"" + "p".repeat(5000) + "\"\n}";

        Throwable e = catchMalformed(body);

        assertThat(e.getMessage()).startsWith("message has no positive 'jobExecutionId': { \"stepName\": \"trial:x\", ")
                .endsWith("...").doesNotContain("\n");
        assertThat(e.getMessage().length()).isLessThan(300);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(String body) {
        return assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MalformedPartitionRequestException.class);
    }

    private Throwable catchMalformed(String body) {
        Throwable e = catchThrowable(() -> codec.decode(body));
        assertThat(e).isInstanceOf(MalformedPartitionRequestException.class);
        return e;
    }
}
