package io.benchfleet.manager.report;

import java.time.Instant;

/** One trial's stored result, as the report reads it from {@code trial_result}. */
public record TrialRow(
        String partitionKey,
        String task,
        int attempt,
        Double reward,
        boolean passed,
        String failureClass,
        String exceptionType,
        String exceptionMessage,
        Long inputTokens,
        Long cacheTokens,
        Long outputTokens,
        Double costUsd,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String host,
        String artifactUri) {
}
