package io.benchfleet.manager.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.benchfleet.manager.run.RunParameters;
import org.junit.jupiter.api.Test;

class RunStartsTest {

    private static RunParameters run(String digest, Map<String, String> overrides) {
        return new RunParameters("smoke-oracle", "r1", null, "/specs/smoke-oracle.yaml", digest, overrides);
    }

    @Test
    void theSameSpecAndParametersMakeNoDifference() {
        assertThat(RunStarts.differences(run("d1", Map.of("attempts", "4")), run("d1", Map.of("attempts", "4"))))
                .isEmpty();
    }

    @Test
    void anotherModelIsNamedWithItsOldAndNewValue() {
        assertThat(RunStarts.differences(run("d1", Map.of()), run("d1", Map.of("model", "anthropic/claude-x"))))
                .isEqualTo("model: (spec) -> anthropic/claude-x");
    }

    @Test
    void aChangedSpecFileAndChangedParametersAreAllNamed() {
        assertThat(RunStarts.differences(run("d1", Map.of("attempts", "4", "tasks", "a")),
                run("d2", Map.of("attempts", "5")))).isEqualTo("the spec file changed, attempts: 4 -> 5, tasks: a -> "
                + "(spec)");
    }

    @Test
    void aRehearsalIsNotTheSameRunAsARealOne() {
        assertThat(RunStarts.differences(run("d1", Map.of()), run("d1", Map.of()).withRehearsal(true)))
                .isEqualTo("rehearsal: false -> true");
    }
}
