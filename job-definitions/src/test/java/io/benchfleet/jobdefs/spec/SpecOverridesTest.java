package io.benchfleet.jobdefs.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecOverridesTest {

    private static final String KNOWN = "agent, attempts, configurations, harborImage, maxHosts, model, slotsPerHost, tasks, "
            + "timeoutMultiplier";

    private final BenchmarkSpec spec = new BenchmarkSpecReader().parse("""
            name: overrides
            dataset: terminal-bench@2.0
            tasks: [fix-git, largest-eigenval, regex-log, build-pmars]
            attempts: 5
            agent: claude-code
            model: anthropic/claude-opus-4-1
            partitionTarget: 20
            fleet:
              maxHosts: 10
              slotsPerHost: 4
            secrets: [ANTHROPIC_API_KEY]
            """, "overrides.yaml", null);

    @Test
    void leavesTheSpecAsItIsWithoutOverrides() {
        assertThat(SpecOverrides.apply(spec, Map.of())).isEqualTo(spec);
    }

    @Test
    void overridesAttempts() {
        BenchmarkSpec result = apply("attempts", "2");

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.trialCount()).isEqualTo(8);
        assertThat(result.tasks()).isEqualTo(spec.tasks());
    }

    @Test
    void overridesTasksWithASubsetKeepingSpecOrder() {
        BenchmarkSpec result = apply("tasks", " regex-log, fix-git ,,regex-log ");

        assertThat(result.tasks()).containsExactly("fix-git", "regex-log");
        assertThat(result.attempts()).isEqualTo(5);
    }

    @Test
    void overridesTheAgentKeepingTheModel() {
        BenchmarkSpec result = apply("agent", "terminus-2");

        assertThat(result.agent()).isEqualTo("terminus-2");
        assertThat(result.model()).isEqualTo("anthropic/claude-opus-4-1");
    }

    @Test
    void overridesTheModel() {
        BenchmarkSpec result = apply("model", "openai/gpt-5");

        assertThat(result.model()).isEqualTo("openai/gpt-5");
        assertThat(result.agent()).isEqualTo("claude-code");
        assertThat(result.partitionTarget()).isEqualTo(20);
    }

    @Test
    void overridesAgentAndModelTogether() {
        BenchmarkSpec oracle = new BenchmarkSpecReader().parse("""
                name: canary
                dataset: terminal-bench@2.0
                tasks: [fix-git]
                agent: oracle
                """, "canary.yaml", null);

        BenchmarkSpec result = SpecOverrides.apply(oracle, ordered("agent", "claude-code", "model",
                "anthropic/claude-sonnet-4-5"));

        assertThat(result.agent()).isEqualTo("claude-code");
        assertThat(result.model()).isEqualTo("anthropic/claude-sonnet-4-5");
    }

    @Test
    void refusesAnAgentThatNeedsAModelWhenTheSpecHasNone() {
        BenchmarkSpec oracle = new BenchmarkSpecReader().parse("""
                name: canary
                dataset: terminal-bench@2.0
                tasks: [fix-git]
                agent: oracle
                """, "canary.yaml", null);

        InvalidSpecException e = invalid(() -> SpecOverrides.apply(oracle, Map.of("agent", "claude-code")));

        assertThat(e.problems()).containsExactly("parameter 'agent': 'claude-code' needs a model (add --param "
                + "model=provider/model; only oracle and nop run without one)");
        assertThat(SpecOverrides.apply(oracle, Map.of("agent", "nop")).model()).isNull();
    }

    @Test
    void overridesTheHarborImage() {
        assertThat(apply("harborImage", "registry.example.com/harbor:0.23.0").harborImage())
                .isEqualTo("registry.example.com/harbor:0.23.0");
    }

    @Test
    void overridesTheTimeoutMultiplierWhichScalesTheTrialLimit() {
        BenchmarkSpec result = apply("timeoutMultiplier", "2.5");

        assertThat(result.timeouts().multiplier()).isEqualTo(2.5);
        assertThat(spec.timeouts().trialLimitSeconds()).isEqualTo(2100 + 300);
        assertThat(result.timeouts().trialLimitSeconds()).isEqualTo((long) Math.ceil(2100 * 2.5) + 300);
        assertThat(result.timeouts().agentSec()).isEqualTo(spec.timeouts().agentSec());
    }

    @Test
    void overridesMaxHostsKeepingSlotsPerHost() {
        assertThat(apply("maxHosts", "3").fleet()).isEqualTo(new Fleet(3, 4));
    }

    @Test
    void overridesSlotsPerHostKeepingMaxHosts() {
        assertThat(apply("slotsPerHost", "8").fleet()).isEqualTo(new Fleet(10, 8));
    }

    @Test
    void appliesBothFleetOverridesTogether() {
        assertThat(SpecOverrides.apply(spec, ordered("maxHosts", "2", "slotsPerHost", "16")).fleet())
                .isEqualTo(new Fleet(2, 16));
    }

    @Test
    void stripsWhitespaceAroundValues() {
        assertThat(apply("attempts", "  3 ").attempts()).isEqualTo(3);
    }

    @Test
    void overridingTasksClearsThePartitionTarget() {
        assertThat(spec.partitionTarget()).isEqualTo(20);

        assertThat(apply("tasks", "fix-git").partitionTarget()).isNull();
    }

    @Test
    void overridingAttemptsClearsThePartitionTarget() {
        assertThat(apply("attempts", "1").partitionTarget()).isNull();
    }

    @Test
    void keepsThePartitionTargetForOverridesThatDoNotChangeThePartitionCount() {
        BenchmarkSpec result = SpecOverrides.apply(spec, ordered("agent", "terminus-2", "harborImage",
                "benchfleet/harbor:0.23.0", "timeoutMultiplier", "2", "maxHosts", "3", "slotsPerHost", "2"));

        assertThat(result.partitionTarget()).isEqualTo(20);
        assertThat(result.trialCount()).isEqualTo(20);
    }

    @Test
    void rejectsAnUnknownKeyListingTheKnownKeys() {
        InvalidSpecException e = invalid(() -> apply("attempt", "2"));

        assertThat(e.problems()).containsExactly("parameter 'attempt': unknown (known: " + KNOWN + ")");
    }

    @Test
    void checksKeysOnTheirOwn() {
        SpecOverrides.checkKey("attempts");
        assertThat(invalid(() -> SpecOverrides.checkKey("Attempts")).getMessage())
                .isEqualTo("parameter 'Attempts': unknown (known: " + KNOWN + ")");
        assertThat(SpecOverrides.isOverride("tasks")).isTrue();
        assertThat(SpecOverrides.isOverride("runId")).isFalse();
        assertThat(SpecOverrides.KEYS.keySet()).containsExactlyInAnyOrder(KNOWN.split(", "));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"apiKey", "ANTHROPIC_API_KEY", "password", "token", "githubToken", "aws_secret",
            "private-key", "dbCredentials", "api-key"})
    void refusesSecretLookingKeysSayingSecretsAreNeverJobParameters(String key) {
        InvalidSpecException e = invalid(() -> apply(key, "sk-abc123"));

        assertThat(e.problems()).containsExactly("parameter '" + key + "': secrets are never job parameters (they "
                + "are stored in clear); list the environment variable NAME under 'secrets:' in the spec and set it "
                + "on the workers");
        assertThat(e.getMessage()).doesNotContain("sk-abc123");
    }

    @ParameterizedTest(name = "attempts={0}")
    @CsvSource(delimiter = '|', value = {"0|integer '0'", "-1|integer '-1'", "abc|text 'abc'", "1.5|text '1.5'",
            "''|text ''"})
    void rejectsAttemptsOutsideTheSpecsRangeWithTheSpecFilesWording(String value, String found) {
        // the wording of attempts: <value> in a spec file (SpecBindingTest, BenchmarkSpecReaderTest)
        assertProblem("attempts", value, "parameter 'attempts': must be a whole number from 1 to 1000, found "
                + found);
    }

    @Test
    void rejectsATaskThatIsNotInTheSpec() {
        assertProblem("tasks", "fix-git,hello-world",
                "parameter 'tasks': hello-world is not in spec 'overrides' (choose from its task list)");
    }

    @Test
    void listsEveryUnknownTaskAtOnce() {
        assertProblem("tasks", "nope,fix-git,nada",
                "parameter 'tasks': nope, nada are not in spec 'overrides' (choose from its task list)");
    }

    @Test
    void rejectsAnEmptyTaskSubset() {
        assertProblem("tasks", " , ", "parameter 'tasks': ',' is not valid: expected a comma-separated list of "
                + "task names from the spec");
    }

    @Test
    void rejectsAModelWithoutProvider() {
        assertProblem("model", "claude-opus-4-1",
                "parameter 'model': 'claude-opus-4-1' is not valid: expected provider/model");
    }

    @Test
    void rejectsAnAgentNameWithSpaces() {
        assertProblem("agent", "claude code", "parameter 'agent': 'claude code' is not valid: expected a Harbor "
                + "agent name");
    }

    @Test
    void rejectsAnInvalidHarborImage() {
        assertProblem("harborImage", "Harbor Image",
                "parameter 'harborImage': 'Harbor Image' is not valid: expected a Docker image reference");
    }

    @ParameterizedTest(name = "timeoutMultiplier={0}")
    @ValueSource(strings = {"-1", "0", "abc", "101"})
    void rejectsATimeoutMultiplierOutsideItsRange(String value) {
        assertProblem("timeoutMultiplier", value, "parameter 'timeoutMultiplier': '" + value + "' is not valid: "
                + "expected a number above 0 and at most 100");
    }

    @Test
    void rejectsZeroHosts() {
        assertProblem("maxHosts", "0",
                "parameter 'maxHosts': must be a whole number from 1 to 1000, found integer '0'");
    }

    @Test
    void rejectsZeroSlotsPerHost() {
        assertProblem("slotsPerHost", "0",
                "parameter 'slotsPerHost': must be a whole number from 1 to 64, found integer '0'");
    }

    @Test
    void reportsEveryBadParameterAtOnce() {
        InvalidSpecException e = invalid(() -> SpecOverrides.apply(spec, ordered("attempts", "0", "model", "gpt",
                "apiKey", "x", "colour", "blue")));

        assertThat(e.problems()).hasSize(4);
        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactly("parameter 'attempts'", "parameter 'model'", "parameter 'apiKey'",
                        "parameter 'colour'");
    }

    @Test
    void leavesTheOriginalSpecUntouched() {
        apply("attempts", "1");

        assertThat(spec.attempts()).isEqualTo(5);
        assertThat(spec.tasks()).hasSize(4);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private BenchmarkSpec apply(String key, String value) {
        return SpecOverrides.apply(spec, Map.of(key, value));
    }

    private void assertProblem(String key, String value, String expected) {
        InvalidSpecException e = invalid(() -> apply(key, value));
        assertThat(e.problems()).containsExactly(expected);
        assertThat(e.getMessage()).isEqualTo(expected);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static InvalidSpecException invalid(ThrowingCallable call) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, call);
        assertThat(e).as("expected an InvalidSpecException").isNotNull();
        return e;
    }
}
