package io.benchfleet.jobdefs.harbor;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The statistics of a job result: Harbor's {@code JobStats} ({@code harbor/models/job/result.py}). Like Harbor's
 * {@code _migrate_legacy_progress_fields}, the older names {@code n_trials} and {@code n_errors} are read as
 * {@code n_completed_trials} and {@code n_errored_trials}.
 *
 * @param nCompletedTrials trials that finished, with or without an exception
 * @param nErroredTrials   finished trials that recorded an exception (counted in {@code nCompletedTrials})
 * @param nRunningTrials   trials running now
 * @param nPendingTrials   trials not started yet
 * @param nCancelledTrials trials cancelled
 * @param nRetries         retries Harbor made
 * @param evals            per {@code <agent>__<model>__<dataset>} statistics
 * @param nInputTokens     input tokens over all trials
 * @param nCacheTokens     cache tokens over all trials
 * @param nOutputTokens    output tokens over all trials
 * @param costUsd          cost over all trials
 */
public record JobStats(
        @JsonAlias("n_trials") Integer nCompletedTrials,
        @JsonAlias("n_errors") Integer nErroredTrials,
        Integer nRunningTrials,
        Integer nPendingTrials,
        Integer nCancelledTrials,
        Integer nRetries,
        Map<String, AgentDatasetStats> evals,
        Long nInputTokens,
        Long nCacheTokens,
        Long nOutputTokens,
        Double costUsd) {
}
