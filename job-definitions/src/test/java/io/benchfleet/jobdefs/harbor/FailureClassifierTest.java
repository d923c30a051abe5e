package io.benchfleet.jobdefs.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    @ParameterizedTest(name = "{0} is {1} whether scored or not")
    @CsvSource({
            "AgentTimeoutError, AGENT",
            "ContextWindowExceededError, AGENT",
            "OutputTokenExceededError, AGENT",
            "AgentSafetyRefusalError, AGENT",
            "NonZeroAgentExitCodeError, AGENT",
            "VerifierTimeoutError, VERIFIER",
            "RewardFileNotFoundError, VERIFIER",
            "RewardFileEmptyError, VERIFIER",
            "VerifierOutputParseError, VERIFIER",
            "RuntimeError, INFRA",
            "EnvironmentStartTimeoutError, INFRA",
            "AgentSetupTimeoutError, INFRA",
            "HealthcheckError, INFRA",
            "SandboxBuildFailedError, INFRA",
            "DownloadVerifierDirError, INFRA",
            "AddTestsDirError, INFRA",
            "CancelledError, INFRA",
            "ApiRateLimitError, INFRA",
            "ApiOverloadedError, INFRA",
            "ApiInternalServerError, INFRA",
            "ApiConnectionClosedError, INFRA",
            "ApiResponseStalledError, INFRA",
            "NetworkConnectionError, INFRA",
            "AgentAuthenticationError, CONFIG",
            "ModelNotFoundError, CONFIG",
            "ApiUsageLimitError, CONFIG"
    })
    void classifiesEveryKnownExceptionTypeByThePolicyList(String exceptionType, FailureClass expected) {
        assertThat(classifier.classify(trial(exceptionType, null))).isEqualTo(expected);
        assertThat(classifier.classify(trial(exceptionType, 0.0))).isEqualTo(expected);
    }

    @Test
    void coversEveryExceptionTypeOfThePolicyExactlyOnce() {
        assertThat(FailureClassifier.AGENT_EXCEPTIONS).hasSize(5);
        assertThat(FailureClassifier.VERIFIER_EXCEPTIONS).hasSize(4);
        assertThat(FailureClassifier.INFRA_EXCEPTIONS).hasSize(14);
        assertThat(FailureClassifier.CONFIG_EXCEPTIONS).hasSize(3);
        assertThat(FailureClassifier.AGENT_EXCEPTIONS).doesNotContainAnyElementsOf(FailureClassifier.INFRA_EXCEPTIONS);
        assertThat(FailureClassifier.CONFIG_EXCEPTIONS).doesNotContainAnyElementsOf(FailureClassifier.INFRA_EXCEPTIONS);
    }

    @Test
    void classifiesAnUnknownExceptionAsInfraWhenTheTrialWasNotScored() {
        assertThat(classifier.classify(trial("BrokenPipeError", null))).isEqualTo(FailureClass.INFRA);
    }

    @Test
    void classifiesAnUnknownExceptionAsAgentWhenTheTrialWasScored() {
        assertThat(classifier.classify(trial("BrokenPipeError", 0.0))).isEqualTo(FailureClass.AGENT);
        assertThat(classifier.classify(trial("SomeFutureHarborError", 1.0))).isEqualTo(FailureClass.AGENT);
    }

    @Test
    void classifiesATrialWithoutExceptionAsNoneWhetherPassedFailedOrUnscored() {
        assertThat(classifier.classify(trial(null, 1.0))).isEqualTo(FailureClass.NONE);
        assertThat(classifier.classify(trial(null, 0.0))).isEqualTo(FailureClass.NONE);
        assertThat(classifier.classify(trial(null, null))).isEqualTo(FailureClass.NONE);
        assertThat(classifier.classify(trial("  ", null))).isEqualTo(FailureClass.NONE);
    }

    @Test
    void matchesAModuleQualifiedExceptionTypeByItsClassName() {
        assertThat(classifier.classify(trial("asyncio.exceptions.CancelledError", null)))
                .isEqualTo(FailureClass.INFRA);
        assertThat(classifier.classify(trial("harbor.trial.errors.AgentTimeoutError", 0.0)))
                .isEqualTo(FailureClass.AGENT);
    }

    @Test
    void classifiesAMissingResultAsInfra() {
        assertThat(classifier.forMissingResult()).isEqualTo(FailureClass.INFRA);
    }

    @ParameterizedTest
    @EnumSource(FailureClass.class)
    void failsTheStepOnlyForInfraAndConfigAndRetriesOnlyInfra(FailureClass failureClass) {
        assertThat(failureClass.failsStep())
                .isEqualTo(failureClass == FailureClass.INFRA || failureClass == FailureClass.CONFIG);
        assertThat(failureClass.retryable()).isEqualTo(failureClass == FailureClass.INFRA);
    }

    private static TrialResult trial(String exceptionType, Double reward) {
        return new TrialResult("id", "fix-git", "fix-git__Q7wErT5", "terminal-bench", null, "claude-code", "2.0.31",
                "claude-opus-4-1", "anthropic", reward == null ? Map.of() : Map.of("reward", reward),
                exceptionType, exceptionType == null ? null : "message", null, null, null, null, null,
                null, null, null, null, null, null);
    }
}
