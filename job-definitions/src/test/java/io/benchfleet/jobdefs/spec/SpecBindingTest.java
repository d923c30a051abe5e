package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecTestSupport.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Binding a spec file reports every unknown field and every value of the wrong YAML type at once, each with its
 * field's own rule, in the order of the file. The expected lines use the reader's long-standing wording (see
 * BenchmarkSpecReaderTest).
 */
class SpecBindingTest {

    private static final String VALID = """
            name: binding
            dataset: terminal-bench@2.0
            tasks: [fix-git]
            agent: oracle
            """;

    private final BenchmarkSpecReader reader = new BenchmarkSpecReader();

    @Test
    void reportsEveryWronglyTypedValueAndUnknownFieldAtOnceInFileOrder() {
        InvalidSpecException e = invalid(() -> reader.parse(VALID + """
                attempts: three
                timeouts:
                  agentSec: [900]
                  verifierSecs: 600
                fleet: 3
                colour: blue
                """, "spec.yaml", null));

        assertThat(e.problems()).containsExactly(
                "spec.yaml: attempts: must be a whole number from 1 to 1000, found text 'three'",
                "spec.yaml: timeouts.agentSec: must be a whole number from 1 to 86400, found list",
                "spec.yaml: timeouts.verifierSecs: unknown field (known fields: agentSec, environmentBuildSec, "
                        + "marginSec, multiplier, verifierSec)",
                "spec.yaml: fleet: must be a mapping (maxHosts, slotsPerHost), found integer '3'",
                "spec.yaml: colour: unknown field (known fields: agent, agentKwargs, attempts, configurations, dataset, "
                        + "description, estimatedTrialSec, fleet, harborImage, model, name, partitionTarget, report, "
                        + "secrets, taskFile, "
                        + "tasks, timeouts)");
    }

    @Test
    void reportsACountTooLargeForAWholeNumberWithTheCountsRule() {
        InvalidSpecException e = invalid(
                () -> reader.parse(VALID + "attempts: 12345678901\n", "spec.yaml", null));

        assertThat(e.problems()).containsExactly(
                "spec.yaml: attempts: must be a whole number from 1 to 1000, found long '12345678901'");
    }

    @Test
    void reportsAValueOfTheWrongTypeOnceRatherThanAlsoAsMissing() {
        InvalidSpecException e = invalid(
                () -> reader.parse(VALID.replace("name: binding", "name: 42"), "spec.yaml", null));

        assertThat(e.problems()).containsExactly("spec.yaml: name: integer '42' is not valid: expected lower-case "
                + "letters, digits, '.', '_' or '-', at most 63");
    }

    @Test
    void takesAWholeNumberAsATimeoutMultiplier() {
        assertThat(reader.parse(VALID + "timeouts: {multiplier: 3}\n", "spec.yaml", null).timeouts().multiplier())
                .isEqualTo(3.0);
    }
}
