package io.benchfleet.manager.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's report, the document behind report.json (schema version {@link #SCHEMA_VERSION}).
 *
 * @param meanReward   mean reward over all trials, unscored trials counting 0 (Harbor's convention)
 * @param passRateCi95 Wilson 95% interval of the pass rate
 * @param passAtK      pass@k for k = 1..attempts (unbiased estimator, averaged over tasks with at least k trials)
 * @param missingPartitions partitions planned but without a result yet (a partial run)
 */
public record RunReport(
        int schemaVersion,
        String spec,
        long jobInstanceId,
        long jobExecutionId,
        String runStatus,
        Instant generatedAt,
        Instant startedAt,
        Instant lastTrialFinishedAt,
        int plannedPartitions,
        int trials,
        int missingPartitions,
        int scored,
        int passed,
        double meanReward,
        double passRate,
        double[] passRateCi95,
        Map<Integer, Double> passAtK,
        Map<String, Integer> failuresByClass,
        long inputTokens,
        long cacheTokens,
        long outputTokens,
        double costUsd,
        Long durationP50Ms,
        Long durationP95Ms,
        Long wallTimeMs,
        List<TaskSummary> tasks,
        List<FailedTrial> failures) {

    public static final int SCHEMA_VERSION = 1;

    /** Per-task figures. */
    public record TaskSummary(String task, int attempts, int passes, double passRate, double meanReward,
            Long meanDurationMs, Map<String, Integer> failuresByClass) {
    }

    /** A trial that did not produce a clean result. */
    public record FailedTrial(String partitionKey, String failureClass, String exceptionType, String message,
            String host, String artifactUri) {
    }
}
