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
 * @param coverage     how much of the plan was scored, and whether that is enough to compare the run
 * @param phases       per-phase timings (environment setup, agent setup, agent, verifier) and the long tail
 * @param matrix       the leaderboard and pairwise comparisons of a matrix run's configurations, null otherwise
 * @param trend        the last completed runs of the spec and its flaky tasks, null when not computed
 * @param regression   comparison with the previous completed run of the same spec (or the run given to
 *                     {@code report --compare}), null when there is none
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
        Coverage coverage,
        Phases phases,
        Matrix matrix,
        Trend trend,
        Regression regression,
        RunProvenance provenance) {

    /**
     * 3: adds coverage, phases, matrix, trend, provenance and, in the regression, the verdict "not comparable" with
     * its reason, Benjamini-Hochberg adjusted p-values and the configuration drift between the runs. See
     * report-schema.md.
     */
    public static final int SCHEMA_VERSION = 3;

    /** This report with a regression section. */
    public RunReport withRegression(Regression r) {
        return new RunReport(schemaVersion, spec, jobInstanceId, jobExecutionId, runStatus, generatedAt, startedAt,
                lastTrialFinishedAt, plannedPartitions, trials, missingPartitions, scored, passed, meanReward,
                passRate, passRateCi95, passAtK, failuresByClass, inputTokens, cacheTokens, outputTokens, costUsd,
                durationP50Ms, durationP95Ms, wallTimeMs, tasks, failures, missingPartitionKeys, fleet, coverage,
                phases, matrix, trend, r, provenance);
    }

    /** This report with what its trials ran with. */
    public RunReport withProvenance(RunProvenance p) {
        return new RunReport(schemaVersion, spec, jobInstanceId, jobExecutionId, runStatus, generatedAt, startedAt,
                lastTrialFinishedAt, plannedPartitions, trials, missingPartitions, scored, passed, meanReward,
                passRate, passRateCi95, passAtK, failuresByClass, inputTokens, cacheTokens, outputTokens, costUsd,
                durationP50Ms, durationP95Ms, wallTimeMs, tasks, failures, missingPartitionKeys, fleet, coverage,
                phases, matrix, trend, regression, p);
    }

    /** This report with a trend section. */
    public RunReport withTrend(Trend t) {
        return new RunReport(schemaVersion, spec, jobInstanceId, jobExecutionId, runStatus, generatedAt, startedAt,
                lastTrialFinishedAt, plannedPartitions, trials, missingPartitions, scored, passed, meanReward,
                passRate, passRateCi95, passAtK, failuresByClass, inputTokens, cacheTokens, outputTokens, costUsd,
                durationP50Ms, durationP95Ms, wallTimeMs, tasks, failures, missingPartitionKeys, fleet, coverage,
                phases, matrix, t, regression, provenance);
    }

    /**
     * How much of the plan has a result that counts. {@code scored} trials have a reward and no INFRA or CONFIG
     * failure; the other counts split the planned trials by what became of them (a clean trial and an agent failure
     * are scored, a verifier failure is not). The run is {@code comparable} when {@code scoredFraction =
     * scored / planned} reaches {@code minCoverage} (the spec's {@code report.minCoverage}); else {@code reason} says
     * why not, and no regression verdict is given.
     */
    public record Coverage(int planned, int scored, int clean, int agentFailed, int verifierFailed, int infraFailed,
            int configFailed, int missing, double scoredFraction, double minCoverage, boolean comparable,
            String reason) {
    }

    /**
     * Phase timings: nearest-rank p50/p95 per phase over the trials that recorded it, overall and per task. The long
     * tail is the trials at or above the run's p95 trial duration; {@code tailPhase} is the phase with the most time
     * above its own median in those trials (the sum over them of {@code max(0, phase - phase p50)}), {@code tailShare}
     * its share of that excess over all phases; null when no tail trial exceeds any median.
     */
    public record Phases(List<PhaseStat> overall, int tailTrials, String tailPhase, Double tailShare,
            List<TaskPhases> tasks) {
    }

    /** One phase: {@code environmentSetup}, {@code agentSetup}, {@code agent} or {@code verifier}. */
    public record PhaseStat(String phase, int trials, Long p50Ms, Long p95Ms) {
    }

    /** A task's phase timings. */
    public record TaskPhases(String task, List<PhaseStat> phases) {
    }

    /**
     * A matrix run's configurations: the leaderboard (by pass rate, best first) and every pair compared task by task
     * with Fisher's exact test, Benjamini-Hochberg adjusted over all {@code testsInFamily} per-task tests of all pairs,
     * and overall with the sign test over the tasks where the two differ (BH-adjusted over the pairs).
     */
    public record Matrix(List<ConfigurationSummary> leaderboard, List<PairComparison> pairs, String correction,
            int testsInFamily) {
    }

    /** One configuration's figures; pass@k for k = 1..attempts as for the whole run. */
    public record ConfigurationSummary(int rank, String configuration, String agent, String model, int trials,
            int scored, int passed, double passRate, double[] passRateCi95, Map<Integer, Double> passAtK,
            double costUsd, Double costPerTrialUsd, long inputTokens, long outputTokens, Long durationP50Ms,
            Long durationP95Ms) {
    }

    /**
     * Configuration {@code b} against {@code a} over the tasks both ran: {@code bBetter} / {@code aBetter} count
     * tasks with a higher pass rate; {@code signTestP} is the exact binomial test of those counts (ties left out),
     * {@code signTestAdjustedP} its BH adjustment over the pairs; {@code taskChanges} the tasks whose pass count
     * differs, as in a regression (baseline = a).
     */
    public record PairComparison(String a, String b, double passRateA, double passRateB, double passRateDelta,
            int tasksCompared, int bBetter, int aBetter, double signTestP, double signTestAdjustedP,
            boolean significant, int significantTasks, List<TaskChange> taskChanges) {
    }

    /**
     * The last completed runs of the spec, oldest first, this run last ({@code window} = the spec's
     * {@code report.trendRuns}), and the tasks whose outcome (passing at least half of their attempts) flips most
     * between consecutive runs.
     */
    public record Trend(int window, List<TrendPoint> runs, List<FlakyTask> flakyTasks) {
    }

    /** One run of the trend. */
    public record TrendPoint(long jobExecutionId, long jobInstanceId, String run, Instant startedAt, int trials,
            int passed, double passRate, double[] passRateCi95, double costUsd, Long wallTimeMs, boolean current) {
    }

    /**
     * A task whose outcome changed between consecutive runs of the trend: {@code flips} of the {@code runs - 1}
     * chances, {@code flipRate = flips / (runs - 1)}; {@code outcomes} one letter per run, oldest first (P passing,
     * F failing, - not run).
     */
    public record FlakyTask(String task, int runs, int flips, double flipRate, String outcomes) {
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
     * two-proportion z-test, per-task changes with Fisher's exact test, Benjamini-Hochberg adjusted over the
     * {@code tasksCompared} tasks. {@code verdict} is "better", "worse" or "no significant change" at {@code alpha},
     * or "not comparable" when either run's coverage is below its gate ({@code withheldReason} says which and why).
     * {@code configurationDrift} names what the two runs ran with differently (executor, Harbor, agent versions, task
     * checksums; see {@link ConfigurationDrift}), empty when nothing differs.
     */
    public record Regression(long baselineJobExecutionId, long baselineJobInstanceId, String baselineRun,
            int baselineTrials, int baselinePassed, double baselinePassRate, double passRateDelta, double z,
            double pValue, double alpha, String verdict, double baselineMeanReward, double meanRewardDelta,
            double baselineCostUsd, double costDeltaUsd, Long baselineWallTimeMs, Long wallTimeDeltaMs,
            Long baselineDurationP50Ms, Long durationP50DeltaMs, int tasksCompared, int flippedToFailed,
            int flippedToPassed, List<TaskChange> taskChanges, List<String> newTasks, List<String> droppedTasks,
            String withheldReason, String correction, int significantTasks, List<String> configurationDrift) {
    }

    /**
     * A task whose pass count changed. {@code flip} is "passed→failed" when the task passed in at least half of its
     * baseline attempts and in fewer than half now, "failed→passed" the other way, else null; {@code pValue} is Fisher's
     * exact test (two-sided) of the two pass/fail counts and {@code significant} whether it is below alpha
     * uncorrected (schema 2's meaning, kept); {@code adjustedPValue} is its Benjamini-Hochberg adjustment over the
     * family of per-task tests, and {@code significantAdjusted} (adjusted p below alpha) is what the report stars.
     */
    public record TaskChange(String task, int baselineAttempts, int baselinePasses, int attempts, int passes,
            double passRateDelta, String flip, double pValue, boolean significant, double adjustedPValue,
            boolean significantAdjusted) {
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
