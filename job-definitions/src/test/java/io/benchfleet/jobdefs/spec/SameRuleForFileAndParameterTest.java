package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecTestSupport.invalid;
import static io.benchfleet.jobdefs.spec.SpecTestSupport.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A value the spec rules refuse in a spec file is refused as a run parameter by the same rule, with the same text
 * after the location ({@code spec.yaml: <field>: } versus {@code parameter '<key>': }). The bounds are the spec's
 * documented ones: attempts 1 to 1000, maxHosts 1 to 1000, slotsPerHost 1 to 64, timeout multiplier above 0 and at
 * most 100. The expected lines are written out by hand from those bounds.
 */
class SameRuleForFileAndParameterTest {

    private static final String SPEC = """
            name: bounds
            dataset: terminal-bench@2.0
            tasks: [fix-git, regex-log]
            agent: oracle
            """;

    private final BenchmarkSpecReader reader = new BenchmarkSpecReader();
    private final BenchmarkSpec spec = reader.parse(SPEC, "spec.yaml", null);

    @Test
    void refusesFiveThousandAttemptsInAFileAndAsAParameterWithTheSameText() {
        // 5000 attempts of the three-task canary would be a 15,000-partition run: what the bound is there to stop.
        assertThat(fileProblems("attempts: 5000\n"))
                .containsExactly("spec.yaml: attempts: must be a whole number from 1 to 1000, found integer '5000'");
        assertThat(parameterProblems("attempts", "5000"))
                .containsExactly("parameter 'attempts': must be a whole number from 1 to 1000, found integer '5000'");
    }

    @Test
    void refusesOneThousandAndOneHostsInAFileAndAsAParameterWithTheSameText() {
        assertThat(fileProblems("fleet:\n  maxHosts: 1001\n")).containsExactly(
                "spec.yaml: fleet.maxHosts: must be a whole number from 1 to 1000, found integer '1001'");
        assertThat(parameterProblems("maxHosts", "1001")).containsExactly(
                "parameter 'maxHosts': must be a whole number from 1 to 1000, found integer '1001'");
    }

    @Test
    void refusesSixtyFiveSlotsPerHostInAFileAndAsAParameterWithTheSameText() {
        assertThat(fileProblems("fleet:\n  slotsPerHost: 65\n")).containsExactly(
                "spec.yaml: fleet.slotsPerHost: must be a whole number from 1 to 64, found integer '65'");
        assertThat(parameterProblems("slotsPerHost", "65")).containsExactly(
                "parameter 'slotsPerHost': must be a whole number from 1 to 64, found integer '65'");
    }

    @Test
    void refusesATimeoutMultiplierAboveOneHundredInAFileAndAsAParameterByTheSameRule() {
        // The multiplier's parameter text form is its whole range, so the parameter keeps the wording that
        // SpecOverridesTest pins ('<value>' is not valid: expected ...); the rule text is the file's.
        String rule = "a number above 0 and at most 100";

        assertThat(fileProblems("timeouts:\n  multiplier: 100.5\n")).containsExactly(
                "spec.yaml: timeouts.multiplier: must be " + rule + ", found double '100.5'");
        assertThat(parameterProblems("timeoutMultiplier", "100.5")).containsExactly(
                "parameter 'timeoutMultiplier': '100.5' is not valid: expected " + rule);
    }

    @Test
    void acceptsEveryUpperBoundInAFileAndAsAParameter() {
        BenchmarkSpec fromFile = reader.parse(SPEC + """
                attempts: 1000
                timeouts:
                  multiplier: 100
                fleet:
                  maxHosts: 1000
                  slotsPerHost: 64
                """, "spec.yaml", null);
        BenchmarkSpec fromParameters = SpecOverrides.apply(spec, ordered("attempts", "1000", "timeoutMultiplier",
                "100", "maxHosts", "1000", "slotsPerHost", "64"));

        for (BenchmarkSpec s : new BenchmarkSpec[] {fromFile, fromParameters}) {
            assertThat(s.attempts()).isEqualTo(1000);
            assertThat(s.timeouts().multiplier()).isEqualTo(100.0);
            assertThat(s.fleet()).isEqualTo(new Fleet(1000, 64));
            // 2 tasks x 1000 attempts
            assertThat(s.trialCount()).isEqualTo(2000);
        }
    }

    @Test
    void reportsEveryOutOfRangeParameterAtOnce() {
        assertThat(invalid(() -> SpecOverrides.apply(spec, ordered("attempts", "1001", "slotsPerHost", "100")))
                .problems()).containsExactlyInAnyOrder(
                        "parameter 'attempts': must be a whole number from 1 to 1000, found integer '1001'",
                        "parameter 'slotsPerHost': must be a whole number from 1 to 64, found integer '100'");
    }

    @Test
    void checksTheSpecItselfWhenItWasNotReadThroughTheReader() {
        BenchmarkSpec outOfRange = spec.withFleet(new Fleet(10, 65));

        assertThat(invalid(() -> SpecOverrides.apply(outOfRange, Map.of())).problems()).containsExactly(
                "spec 'bounds': fleet.slotsPerHost: must be a whole number from 1 to 64, found integer '65'");
    }

    private List<String> fileProblems(String extra) {
        return invalid(() -> reader.parse(SPEC + extra, "spec.yaml", null)).problems();
    }

    private List<String> parameterProblems(String key, String value) {
        return invalid(() -> SpecOverrides.apply(spec, Map.of(key, value))).problems();
    }
}
