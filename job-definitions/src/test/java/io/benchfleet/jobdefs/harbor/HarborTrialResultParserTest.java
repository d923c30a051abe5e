package io.benchfleet.jobdefs.harbor;

import static io.benchfleet.jobdefs.harbor.HarborFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarborTrialResultParserTest {

    private final HarborTrialResultParser parser = new HarborTrialResultParser();

    @TempDir
    Path tempDir;

    @Test
    void parsesAScoredTrialWithTokensCostAndPhaseTimings() {
        TrialResult result = parser.parse(resource("trial-result.json"));

        assertThat(result.id()).isEqualTo("b2d4e6f8-1a3c-4e5f-8a7b-9c0d1e2f3a4b");
        assertThat(result.taskName()).isEqualTo("largest-eigenval");
        assertThat(result.trialName()).isEqualTo("largest-eigenval__Xy9ZqR4");
        assertThat(result.source()).isEqualTo("terminal-bench");
        assertThat(result.taskChecksum())
                .isEqualTo("9a1f3c5e7b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a");
        assertThat(result.agentName()).isEqualTo("claude-code");
        assertThat(result.agentVersion()).isEqualTo("2.0.31");
        assertThat(result.modelName()).isEqualTo("claude-opus-4-1");
        assertThat(result.modelProvider()).isEqualTo("anthropic");
        assertThat(result.rewards()).containsExactly(Map.entry("reward", 1.0));
        assertThat(result.scored()).isTrue();
        assertThat(result.reward()).hasValue(1.0);
        assertThat(result.passed()).isTrue();
        assertThat(result.exceptionType()).isNull();
        assertThat(result.exceptionMessage()).isNull();
        assertThat(result.exceptionTraceback()).isNull();
        assertThat(result.nInputTokens()).isEqualTo(412_873L);
        assertThat(result.nCacheTokens()).isEqualTo(371_204L);
        assertThat(result.nOutputTokens()).isEqualTo(9_816L);
        assertThat(result.costUsd()).isEqualTo(1.8342);
        assertThat(result.startedAt()).isEqualTo(Instant.parse("2026-08-22T14:02:11.482113Z"));
        assertThat(result.finishedAt()).isEqualTo(Instant.parse("2026-08-22T14:13:47.090512Z"));
        assertThat(result.duration()).hasValue(Duration.parse("PT11M35.608399S"));
        assertThat(result.environmentSetup()).isEqualTo(new PhaseTiming(
                Instant.parse("2026-08-22T14:02:11.501877Z"), Instant.parse("2026-08-22T14:02:39.884120Z")));
        assertThat(result.agentSetup().startedAt()).isEqualTo(Instant.parse("2026-08-22T14:02:40.012009Z"));
        assertThat(result.agentExecution().duration()).hasValue(Duration.parse("PT9M37.420228S"));
        assertThat(result.verifier().finishedAt()).isEqualTo(Instant.parse("2026-08-22T14:13:44.612980Z"));
    }

    @Test
    void readsTimestampsWithoutOffsetAsUtcAndWithOffsetsAsTheirInstant() {
        TrialResult result = parser.parse(resource("trial-naive-timestamps.json"));

        assertThat(result.startedAt()).isEqualTo(Instant.parse("2025-10-31T09:15:00.250Z"));
        assertThat(result.finishedAt()).isEqualTo(Instant.parse("2025-10-31T09:21:30Z"));
        assertThat(result.agentExecution().duration()).hasValue(Duration.ofMinutes(5));
        assertThat(result.verifier()).isEqualTo(new PhaseTiming(
                Instant.parse("2025-10-31T09:20:51Z"), Instant.parse("2025-10-31T09:21:29Z")));
        assertThat(result.modelProvider()).isEqualTo("openai");
        assertThat(result.passed()).isTrue();
    }

    @Test
    void stripsTheOrgPrefixFromAPackageTaskName() {
        TrialResult result = parser.parse(resource("trial-org-prefixed.json"));

        assertThat(result.taskName()).isEqualTo("largest-eigenval");
        assertThat(result.trialName()).isEqualTo("largest-eigenval__AbC1dE2");
        assertThat(result.scored()).isTrue();
        assertThat(result.passed()).isFalse();
    }

    @Test
    void averagesMultiKeyRewardsWhenThereIsNoRewardKey() {
        TrialResult result = parser.parse(resource("trial-multi-key-rewards.json"));

        assertThat(result.rewards()).containsExactly(Map.entry("correctness", 1.0), Map.entry("compression", 0.5));
        assertThat(result.reward()).hasValue(0.75);
        assertThat(result.passed()).isFalse();
        assertThat(result.modelName()).isNull();
        assertThat(result.modelProvider()).isNull();
        assertThat(result.nInputTokens()).isEqualTo(1_000L);
        assertThat(result.nCacheTokens()).isNull();
        assertThat(result.costUsd()).isNull();
        assertThat(result.environmentSetup()).isNull();
    }

    @Test
    void keepsBothTheExceptionAndTheRewardOfAnAgentTimeout() {
        TrialResult result = parser.parse(resource("trial-agent-timeout-with-reward.json"));

        assertThat(result.exceptionType()).isEqualTo("AgentTimeoutError");
        assertThat(result.exceptionMessage()).isEqualTo("Agent execution timed out after 900.0 seconds");
        assertThat(result.exceptionTraceback()).startsWith("Traceback (most recent call last):")
                .contains("AgentTimeoutError");
        assertThat(result.scored()).isTrue();
        assertThat(result.reward()).hasValue(0.0);
        assertThat(result.passed()).isFalse();
        assertThat(result.agentExecution().finishedAt()).isNull();
        assertThat(result.agentExecution().duration()).isEmpty();
    }

    @Test
    void readsAnUnscoredRuntimeErrorWithNullVerifierAndAgentResults() {
        TrialResult result = parser.parse(resource("trial-runtime-error-unscored.json"));

        assertThat(result.exceptionType()).isEqualTo("RuntimeError");
        assertThat(result.exceptionMessage()).contains("toomanyrequests");
        assertThat(result.rewards()).isEmpty();
        assertThat(result.scored()).isFalse();
        assertThat(result.reward()).isEmpty();
        assertThat(result.passed()).isFalse();
        assertThat(result.nInputTokens()).isNull();
        assertThat(result.nCacheTokens()).isNull();
        assertThat(result.nOutputTokens()).isNull();
        assertThat(result.costUsd()).isNull();
        assertThat(result.agentSetup()).isNull();
        assertThat(result.verifier()).isNull();
        assertThat(result.environmentSetup().finishedAt()).isNull();
    }

    @Test
    void treatsNullRewardsAsUnscoredAndAnEmptyAgentResultAsNoTokens() {
        TrialResult result = parser.parse(resource("trial-rewards-null.json"));

        assertThat(result.scored()).isFalse();
        assertThat(result.reward()).isEmpty();
        assertThat(result.source()).isNull();
        assertThat(result.agentName()).isEqualTo("nop");
        assertThat(result.modelName()).isNull();
        assertThat(result.nInputTokens()).isNull();
        assertThat(result.exceptionType()).isEqualTo("RewardFileNotFoundError");
    }

    @Test
    void acceptsIntegersWhereFloatsAreExpectedAndFloatsWhereIntegersAre() {
        TrialResult result = parser.parse(resource("trial-numbers-as-ints.json"));

        assertThat(result.reward()).hasValue(1.0);
        assertThat(result.passed()).isTrue();
        assertThat(result.costUsd()).isEqualTo(3.0);
        assertThat(result.nInputTokens()).isEqualTo(5_000L);
        assertThat(result.nCacheTokens()).isZero();
        assertThat(result.nOutputTokens()).isEqualTo(12L);
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() {
        TrialResult result = parser.parse(resource("trial-unknown-fields.json"));

        assertThat(result.taskName()).isEqualTo("adaptive-rejection-sampler");
        assertThat(result.agentName()).isEqualTo("codex");
        assertThat(result.modelName()).isEqualTo("gpt-5-codex");
        assertThat(result.nInputTokens()).isEqualTo(70_000L);
        assertThat(result.costUsd()).isEqualTo(0.31);
        assertThat(result.rewards()).containsExactly(Map.entry("reward", 1.0));
    }

    @Test
    void sumsTokensAndCostOverStepResultsWhenAMultiStepTrialHasNoAgentResult() {
        TrialResult result = parser.parse(resource("trial-step-results.json"));

        assertThat(result.nInputTokens()).isEqualTo(3_000L);
        assertThat(result.nCacheTokens()).isEqualTo(400L);
        assertThat(result.nOutputTokens()).isEqualTo(400L);
        assertThat(result.costUsd()).isCloseTo(0.75, within(1e-9));
        assertThat(result.passed()).isTrue();
        assertThat(result.agentExecution()).isNull();
        assertThat(result.duration()).hasValue(Duration.ofMinutes(18));
    }

    @Test
    void readsFieldsOfUnexpectedShapesAsAbsentWithoutFailing() throws IOException {
        Path trialDir = Files.createDirectories(tempDir.resolve("log-summary-date-ranges__Zz9Yy8X"));
        Files.copy(resource("trial-odd-shapes.json"), trialDir.resolve("result.json"));

        TrialResult result = parser.parseTrialDirectory(trialDir);

        assertThat(result.id()).isEqualTo("12345");
        assertThat(result.taskName()).isEqualTo("log-summary-date-ranges");
        assertThat(result.trialName()).isEqualTo("log-summary-date-ranges__Zz9Yy8X");
        assertThat(result.source()).isNull();
        assertThat(result.agentName()).isNull();
        assertThat(result.agentVersion()).isNull();
        assertThat(result.rewards()).containsExactly(Map.entry("reward", 0.5));
        assertThat(result.nInputTokens()).isEqualTo(1_500L);
        assertThat(result.nCacheTokens()).isNull();
        assertThat(result.nOutputTokens()).isNull();
        assertThat(result.costUsd()).isEqualTo(0.75);
        assertThat(result.exceptionType()).isNull();
        assertThat(result.startedAt()).isNull();
        assertThat(result.finishedAt()).isEqualTo(Instant.ofEpochSecond(1_787_493_600L));
        assertThat(result.duration()).isEmpty();
        assertThat(result.environmentSetup()).isNull();
        assertThat(result.agentSetup()).isNull();
        assertThat(result.agentExecution()).isNull();
        assertThat(result.verifier()).isNull();
    }

    @Test
    void dropsNonFiniteRewardsThatPythonsJsonModuleMayWrite() throws IOException {
        Path file = Files.writeString(tempDir.resolve("result.json"),
                "{\"task_name\": \"fix-git\", \"trial_name\": \"fix-git__Q7wErT5\","
                        + " \"verifier_result\": {\"rewards\": {\"reward\": NaN}}, \"started_at\": \"2026-08-22 14:02:11\"}");

        TrialResult result = parser.parse(file);

        assertThat(result.scored()).isFalse();
        assertThat(result.startedAt()).isEqualTo(Instant.parse("2026-08-22T14:02:11Z"));
    }

    @Test
    void parsesATrialDirectoryAndAcceptsADirectoryInPlaceOfTheFile() throws IOException {
        Path trialDir = Files.createDirectories(tempDir.resolve("largest-eigenval__Xy9ZqR4"));
        Files.copy(resource("trial-result.json"), trialDir.resolve("result.json"));

        assertThat(parser.parseTrialDirectory(trialDir).trialName()).isEqualTo("largest-eigenval__Xy9ZqR4");
        assertThat(parser.parse(trialDir).passed()).isTrue();
    }

    @Test
    void reportsAMissingResultJsonAsAnInterruptedTrialPointingAtTheTrialLog() throws IOException {
        Path trialDir = Files.createDirectories(tempDir.resolve("fix-git__Q7wErT5"));
        Files.writeString(trialDir.resolve("config.json"), "{}");

        assertThatThrownBy(() -> parser.parseTrialDirectory(trialDir))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessage("no result.json in " + trialDir + ": the trial was interrupted or Harbor crashed"
                        + " before writing it; see " + trialDir.resolve("trial.log"));
    }

    @Test
    void reportsAMissingTrialDirectory() {
        Path trialDir = tempDir.resolve("never-started__Aa1Bb2C");

        assertThatThrownBy(() -> parser.parseTrialDirectory(trialDir))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessageStartingWith("trial directory " + trialDir + " does not exist");
    }

    @Test
    void reportsMalformedJsonWithTheFileAndTheLine() {
        Path file = resource("malformed.json");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessageStartingWith(file + " is not valid JSON (line 3, column ")
                .hasMessageEndingWith("; the file is truncated or corrupt, run the trial again")
                .hasMessageNotContaining("\n");
    }

    @Test
    void reportsATruncatedFileAsInvalidJson() {
        Path file = resource("truncated.json");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessageStartingWith(file + " is not valid JSON (line ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void reportsAnEmptyFile() {
        Path file = resource("empty.json");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessage(file + " is empty: Harbor was probably killed while writing it; treat the trial as not"
                        + " run and run it again");
    }

    @Test
    void reportsAJsonArrayAsNotATrialResult() {
        Path file = resource("array.json");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessage(file + " is not a Harbor trial result: expected a JSON object but found an array;"
                        + " check which file was passed");
    }

    @Test
    void reportsAMissingTaskName() {
        Path file = resource("missing-task-name.json");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessageStartingWith(file + " has no task_name: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void reportsAJobResultPassedByMistakeAsHavingNoTaskName() {
        Path file = resource("job-result.json");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessageStartingWith(file + " has no task_name");
    }

    @Test
    void reportsNonObjectJsonScalarsAsNotATrialResult() throws IOException {
        Path file = Files.writeString(tempDir.resolve("result.json"), "\"done\"");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TrialResultUnreadableException.class)
                .hasMessageContaining("expected a JSON object but found a string");
    }
}
