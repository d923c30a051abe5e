package io.benchfleet.jobdefs.harbor;

import java.util.Set;

/**
 * Maps a Harbor trial outcome to a {@link FailureClass}, following docs/harbor.md "Exception types → failure
 * class": known exception types by list, no exception is {@link FailureClass#NONE}, an unknown type is
 * {@link FailureClass#INFRA} when the trial was not scored and {@link FailureClass#AGENT} when it was.
 */
public class FailureClassifier {

    static final Set<String> AGENT_EXCEPTIONS = Set.of(
            "AgentTimeoutError",
            "ContextWindowExceededError",
            "OutputTokenExceededError",
            "AgentSafetyRefusalError",
            "NonZeroAgentExitCodeError");

    static final Set<String> VERIFIER_EXCEPTIONS = Set.of(
            "VerifierTimeoutError",
            "RewardFileNotFoundError",
            "RewardFileEmptyError",
            "VerifierOutputParseError");

    /** {@code RuntimeError} is what Harbor raises when {@code docker compose} fails. */
    static final Set<String> INFRA_EXCEPTIONS = Set.of(
            "RuntimeError",
            "EnvironmentStartTimeoutError",
            "AgentSetupTimeoutError",
            "HealthcheckError",
            "SandboxBuildFailedError",
            "DownloadVerifierDirError",
            "AddTestsDirError",
            "CancelledError",
            "ApiRateLimitError",
            "ApiOverloadedError",
            "ApiInternalServerError",
            "ApiConnectionClosedError",
            "ApiResponseStalledError",
            "NetworkConnectionError");

    static final Set<String> CONFIG_EXCEPTIONS = Set.of(
            "AgentAuthenticationError",
            "ModelNotFoundError",
            "ApiUsageLimitError");

    /** The failure class of a trial that has a readable {@code result.json}. */
    public FailureClass classify(TrialResult result) {
        String type = bareTypeName(result.exceptionType());
        if (type == null) {
            return FailureClass.NONE;
        }
        if (AGENT_EXCEPTIONS.contains(type)) {
            return FailureClass.AGENT;
        }
        if (VERIFIER_EXCEPTIONS.contains(type)) {
            return FailureClass.VERIFIER;
        }
        if (INFRA_EXCEPTIONS.contains(type)) {
            return FailureClass.INFRA;
        }
        if (CONFIG_EXCEPTIONS.contains(type)) {
            return FailureClass.CONFIG;
        }
        return result.scored() ? FailureClass.AGENT : FailureClass.INFRA;
    }

    /** The failure class of a trial without a (readable) {@code result.json}: interrupted, killed or crashed. */
    public FailureClass forMissingResult() {
        return FailureClass.INFRA;
    }

    /** {@code asyncio.exceptions.CancelledError} → {@code CancelledError}; blank → {@code null}. */
    private static String bareTypeName(String exceptionType) {
        if (exceptionType == null) {
            return null;
        }
        String bare = exceptionType.substring(exceptionType.lastIndexOf('.') + 1).trim();
        return bare.isEmpty() ? null : bare;
    }
}
