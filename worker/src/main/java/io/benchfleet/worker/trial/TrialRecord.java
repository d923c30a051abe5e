package io.benchfleet.worker.trial;

import java.time.Instant;

import io.benchfleet.jobdefs.harbor.FailureClass;

/**
 * What one trial left behind, as stored in {@code trial_result}: the reward (null when not scored), its failure class,
 * the figures the report aggregates, and what it ran with ({@code agentVersion} and {@code taskChecksum} from the
 * trial's result, {@code harborVersion} from the job's lock; null when Harbor did not say or did not run).
 */
public record TrialRecord(
        String trialName,
        Double reward,
        boolean passed,
        FailureClass failureClass,
        String exceptionType,
        String exceptionMessage,
        Long inputTokens,
        Long cacheTokens,
        Long outputTokens,
        Double costUsd,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        Long environmentSetupMs,
        Long agentSetupMs,
        Long agentExecutionMs,
        Long verifierMs,
        String agentVersion,
        String taskChecksum,
        String harborVersion) {

    /** A trial that left nothing to read (crash, kill, missing or garbled result.json). */
    public static TrialRecord infrastructureFailure(String exceptionType, String message, Instant startedAt,
            Instant finishedAt) {
        return withoutResult(FailureClass.INFRA, exceptionType, message, startedAt, finishedAt);
    }

    /** The trial could not run as configured (retrying cannot help): the run stops. */
    public static TrialRecord configurationFailure(String exceptionType, String message, Instant startedAt,
            Instant finishedAt) {
        return withoutResult(FailureClass.CONFIG, exceptionType, message, startedAt, finishedAt);
    }

    private static TrialRecord withoutResult(FailureClass failureClass, String exceptionType, String message,
            Instant startedAt, Instant finishedAt) {
        long ms = java.time.Duration.between(startedAt, finishedAt).toMillis();
        return new TrialRecord(null, null, false, failureClass, exceptionType, message, null, null, null, null,
                startedAt, finishedAt, ms, null, null, null, null, null, null, null);
    }
}
