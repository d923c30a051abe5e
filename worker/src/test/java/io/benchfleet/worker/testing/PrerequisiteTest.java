package io.benchfleet.worker.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisiteTest {

    @Test
    void aMissingPrerequisiteFailsTheTestUnderCi() {
        assertThatThrownBy(() -> Prerequisite.missing("no Docker daemon", Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("no Docker daemon")
                .hasMessageContaining("CI=true");
    }

    @Test
    void aMissingPrerequisiteSkipsTheTestOutsideCi() {
        assertThatThrownBy(() -> Prerequisite.missing("no Docker daemon", Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessage("no Docker daemon");
        assertThatThrownBy(() -> Prerequisite.missing("no Docker daemon", Map.of("CI", "false")))
                .isInstanceOf(TestAbortedException.class);
    }
}
