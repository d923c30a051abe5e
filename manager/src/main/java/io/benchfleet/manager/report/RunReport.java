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
 * @param missingPartitionKeys their partition keys (planned {@code trial:<key>} steps without a result row)
 * @param fleet        hosts and how busy they were between the first trial start and the last trial end
 * @param regression   comparison with the previous completed run of the same spec, null when there is none
 * @param provenance   what the trials ran with: executors (simulated trials make the report a rehearsal's), Harbor
 *                     releases, agent versions, task checksums
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
        List<FailedTrial> failures,
        List<String> missingPartitionKeys,
        Fleet fleet,
        Regression regression,
        RunProvenance provenance) {

    /**
     * 3: adds provenance and regression.configurationDrift to version 2 (which added missingPartitionKeys, fleet and
     * regression to version 1). See report-schema.md.
     */
    public static final int SCHEMA_VERSION = 3;

    /** This report with a regression section. */
    public RunReport withRegression(Regression r) {
        return new RunReport(schemaVersion, spec, jobInstanceId, jobExecutionId, runStatus, generatedAt, startedAt,
                lastTrialFinishedAt, plannedPartitions, trials, missingPartitions, scored, passed, meanReward,
                passRate, passRateCi95, passAtK, failuresByClass, inputTokens, cacheTokens, outputTokens, costUsd,
                durationP50Ms, durationP95Ms, wallTimeMs, tasks, failures, missingPartitionKeys, fleet, r, provenance);
    }

    /** This report with what its trials ran with. */
    public RunReport withProvenance(RunProvenance p) {
        return new RunReport(schemaVersion, spec, jobInstanceId, jobExecutionId, runStatus, generatedAt, startedAt,
                lastTrialFinishedAt, plannedPartitions, trials, missingPartitions, scored, passed, meanReward,
                passRate, passRateCi95, passAtK, failuresByClass, inputTokens, cacheTokens, outputTokens, costUsd,
                durationP50Ms, durationP95Ms, wallTimeMs, tasks, failures, missingPartitionKeys, fleet, regression, p);
    }

    /**
     * Fleet use: {@code meanConcurrentTrials} = sum of trial durations / span, {@code hostBusyFraction} = mean over
     * hosts of the share of the span during which the host ran at least one trial. Span = first trial start to
     * last trial end; null figures when no trial has both times.
     */
    public record Fleet(int hosts, Long spanMs, Double meanConcurrentTrials, Double hostBusyFraction) {
    }

    /**
     * The difference to a baseline run (the previous completed run of the same spec): overall pass rate with a
     * two-proportion z-test, per-task changes with Fisher's exact test. {@code verdict} is "better", "worse" or
     * "no significant change" at {@code alpha}. {@code configurationDrift} names what the two runs ran with
     * differently (executor, Harbor, agent versions, task checksums; see {@link ConfigurationDrift}), empty when
     * nothing differs.
     */
    public record Regression(long baselineJobExecutionId, long baselineJobInstanceId, String baselineRun,
            int baselineTrials, int baselinePassed, double baselinePassRate, double passRateDelta, double z,
            double pValue, double alpha, String verdict, double baselineMeanReward, double meanRewardDelta,
            double baselineCostUsd, double costDeltaUsd, Long baselineWallTimeMs, Long wallTimeDeltaMs,
            Long baselineDurationP50Ms, Long durationP50DeltaMs, int tasksCompared, int flippedToFailed,
            int flippedToPassed, List<TaskChange> taskChanges, List<String> newTasks, List<String> droppedTasks,
            List<String> configurationDrift) {

        /** This comparison with the configuration drift between the runs. */
        public Regression withConfigurationDrift(List<String> drift) {
            return new Regression(baselineJobExecutionId, baselineJobInstanceId, baselineRun, baselineTrials,
                    baselinePassed, baselinePassRate, passRateDelta, z, pValue, alpha, verdict, baselineMeanReward,
                    meanRewardDelta, baselineCostUsd, costDeltaUsd, baselineWallTimeMs, wallTimeDeltaMs,
                    baselineDurationP50Ms, durationP50DeltaMs, tasksCompared, flippedToFailed, flippedToPassed,
                    taskChanges, newTasks, droppedTasks, List.copyOf(drift));
        }
    }

    /**
     * A task whose pass count changed. {@code flip} is "passed→failed" when the task passed in at least half of its
     * baseline attempts and in fewer than half now, "failed→passed" the other way, else null; {@code pValue} is Fisher's
     * exact test (two-sided) of the two pass/fail counts.
     */
    public record TaskChange(String task, int baselineAttempts, int baselinePasses, int attempts, int passes,
            double passRateDelta, String flip, double pValue, boolean significant) {
    }

    /** Per-task figures. */
    public record TaskSummary(String task, int attempts, int passes, double passRate, double meanReward,
            Long meanDurationMs, Map<String, Integer> failuresByClass) {
    }

    /** A trial that did not produce a clean result. */
    public record FailedTrial(String partitionKey, String failureClass, String exceptionType, String message,
            String host, String artifactUri) {
    }
}
