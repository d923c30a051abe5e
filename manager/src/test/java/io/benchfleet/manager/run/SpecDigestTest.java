package io.benchfleet.manager.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A run records its spec's digest and a restart refuses a spec whose digest changed: matrix specs and report options
 * must not change the digest of a spec that uses neither, or every run started before them would be refused.
 */
class SpecDigestTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // sha-256 of the spec's text as computed by the code of commit b357890, before matrix specs
            "smoke-oracle.yaml, a839ac02c704d4289174dfd09cb563a0bf7e8c9d930f407c823126f99daecb05",
            "terminal-bench-750.yaml, ab9dee6c0a60730ab1b4d31bbae4b6b9bbbbd3c9e73f1efd4afa6d8dc72cd521",
            "terminal-bench-leaderboard.yaml, c3acbb4934ee128f27bd6d76500ed6656c28f7eaf23fc2128bd52c977e5db8dd"})
    void keepsTheDigestThatRunsStartedBeforeMatrixSpecsRecorded(String example, String recorded) {
        BenchmarkSpec spec = new BenchmarkSpecReader().read(Path.of("../job-definitions/examples").resolve(example));

        assertThat(RunSpecLoader.digest(spec)).isEqualTo(recorded);
    }

    @Test
    void recordsTheSpecsReportOptionsAsSettingsOfTheRun() {
        PreparedRun run = PreparedRun.of(Path.of("../job-definitions/examples/terminal-bench-matrix.yaml"), Map.of());

        RunParameters parameters = run.parameters("r1", null);

        assertThat(parameters.settings()).containsEntry(RunParameters.MIN_COVERAGE, "0.9")
                .containsEntry(RunParameters.TREND_RUNS, "14");
        assertThat(RunParameters.from(parameters.withSetting(RunParameters.SCHEDULE, "nightly")
                .toJobParameters()).settings()).containsEntry(RunParameters.SCHEDULE, "nightly")
                .containsEntry(RunParameters.MIN_COVERAGE, "0.9");
    }
}
