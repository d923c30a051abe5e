package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RunReportBuilderTest {

    private static final Instant STARTED = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private static final double EPS = 1e-12;

    /**
     * Two tasks x three attempts. alpha: pass, pass, fail (reward 0, no exception). beta: pass, AGENT failure with
     * reward 0, INFRA failure without reward, duration or tokens.
     */
    private static final List<TrialRow> ROWS = List.of(
            row("alpha__a01", "alpha", 1, 1.0, true, "NONE", null, null, 1000L, 100L, 200L, 0.10, 60_000L, 1),
            row("alpha__a02", "alpha", 2, 1.0, true, "NONE", null, null, 2000L, 200L, 300L, 0.20, 120_000L, 2),
            row("alpha__a03", "alpha", 3, 0.0, false, "NONE", null, null, 3000L, 300L, 400L, 0.30, 180_000L, 3),
            row("beta__a01", "beta", 1, 1.0, true, "NONE", null, null, 4000L, 400L, 500L, 0.40, 240_000L, 4),
            row("beta__a02", "beta", 2, 0.0, false, "AGENT", "AgentTimeoutError", "agent timed out after 900s",
                    5000L, 500L, 600L, 0.50, 300_000L, 5),
            row("beta__a03", "beta", 3, null, false, "INFRA", "RuntimeError", "docker daemon unreachable", null,
                    null, null, null, null, 0));

    private final RunReportBuilder builder = new RunReportBuilder();

    @Test
    void countsTrialsPassesAndScoredTrials() {
        RunReport r = build(6);

        assertThat(r.schemaVersion()).isEqualTo(RunReport.SCHEMA_VERSION);
        assertThat(r.spec()).isEqualTo("unit-spec");
        assertThat(r.jobInstanceId()).isEqualTo(11);
        assertThat(r.jobExecutionId()).isEqualTo(22);
        assertThat(r.runStatus()).isEqualTo("COMPLETED");
        assertThat(r.generatedAt()).isEqualTo(NOW);
        assertThat(r.startedAt()).isEqualTo(STARTED);
        assertThat(r.trials()).isEqualTo(6);
        assertThat(r.passed()).isEqualTo(3);
        assertThat(r.scored()).isEqualTo(5);
        assertThat(r.plannedPartitions()).isEqualTo(6);
        assertThat(r.missingPartitions()).isZero();
    }

    @Test
    void countsAnUnscoredTrialAsZeroInTheMeanReward() {
        RunReport r = build(6);

        assertThat(r.meanReward()).isCloseTo(3.0 / 6, within(EPS));
        assertThat(r.passRate()).isCloseTo(0.5, within(EPS));
        assertThat(r.passRateCi95()).containsExactly(RewardStatistics.wilson(3, 6, RewardStatistics.Z95));
        assertThat(r.passRateCi95()[0]).isCloseTo(0.1876, within(0.00005));
        assertThat(r.passRateCi95()[1]).isCloseTo(0.8124, within(0.00005));
    }

    @Test
    void averagesPassAtKOverTasksForEveryKUpToTheAttempts() {
        RunReport r = build(6);

        // alpha: 2 of 3 pass -> 2/3, 1, 1; beta: 1 of 3 -> 1/3, 1 - C(2,2)/C(3,2) = 2/3, 1.
        assertThat(r.passAtK()).containsOnlyKeys(1, 2, 3);
        assertThat(r.passAtK().keySet()).containsExactly(1, 2, 3);
        assertThat(r.passAtK().get(1)).isCloseTo(0.5, within(EPS));
        assertThat(r.passAtK().get(2)).isCloseTo(5.0 / 6, within(EPS));
        assertThat(r.passAtK().get(3)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void averagesPassAtKOnlyOverTasksWithEnoughTrials() {
        List<TrialRow> rows = List.of(ROWS.get(0), ROWS.get(1), ROWS.get(2), ROWS.get(4));

        RunReport r = builder.build("unit-spec", 11, 22, "STOPPED", STARTED, 6, rows, NOW);

        // alpha 3 trials (2 pass), beta 1 trial (failed): pass@1 = (2/3 + 0) / 2; pass@2 and @3 only alpha.
        assertThat(r.passAtK()).containsOnlyKeys(1, 2, 3);
        assertThat(r.passAtK().get(1)).isCloseTo(1.0 / 3, within(EPS));
        assertThat(r.passAtK().get(2)).isCloseTo(1.0, within(EPS));
        assertThat(r.passAtK().get(3)).isCloseTo(1.0, within(EPS));
    }

    @Test
    void countsFailuresByClassLeavingCleanTrialsOut() {
        RunReport r = build(6);

        assertThat(r.failuresByClass()).containsExactly(entry("AGENT", 1), entry("INFRA", 1));
    }

    @Test
    void sumsTokensAndCostSkippingMissingValues() {
        RunReport r = build(6);

        assertThat(r.inputTokens()).isEqualTo(15_000);
        assertThat(r.cacheTokens()).isEqualTo(1_500);
        assertThat(r.outputTokens()).isEqualTo(2_000);
        assertThat(r.costUsd()).isCloseTo(1.50, within(1e-9));
    }

    @Test
    void takesDurationPercentilesOverTrialsWithADuration() {
        RunReport r = build(6);

        // sorted 60, 120, 180, 240, 300 s: p50 rank ceil(2.5) = 3, p95 rank ceil(4.75) = 5
        assertThat(r.durationP50Ms()).isEqualTo(180_000L);
        assertThat(r.durationP95Ms()).isEqualTo(300_000L);
    }

    @Test
    void measuresWallTimeFromTheStartToTheLastFinishedTrial() {
        RunReport r = build(6);

        assertThat(r.lastTrialFinishedAt()).isEqualTo(STARTED.plusSeconds(5 * 600));
        assertThat(r.wallTimeMs()).isEqualTo(5 * 600_000L);
        assertThat(builder.build("unit-spec", 11, 22, "STARTED", null, 6, ROWS, NOW).wallTimeMs()).isNull();
    }

    @Test
    void aRestartedRunsWallTimeStartsAtItsFirstKeptTrialNotAtTheRestart() {
        // the restart began 25 min after STARTED, after all but the last trial had finished; the earliest kept trial
        // (alpha__a01: finished at +10 min after 60 s) started at +9 min, the last finished at +50 min: 41 min
        Instant restarted = STARTED.plusSeconds(25 * 60);

        RunReport r = builder.build("unit-spec", 11, 22, "COMPLETED", restarted, 6, ROWS, NOW);

        assertThat(r.wallTimeMs()).isEqualTo(41 * 60_000L);
    }

    @Test
    void summarisesEveryTaskInNameOrder() {
        RunReport r = build(6);

        assertThat(r.tasks()).extracting(RunReport.TaskSummary::task).containsExactly("alpha", "beta");

        RunReport.TaskSummary alpha = r.tasks().get(0);
        assertThat(alpha.attempts()).isEqualTo(3);
        assertThat(alpha.passes()).isEqualTo(2);
        assertThat(alpha.passRate()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(alpha.meanReward()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(alpha.meanDurationMs()).isEqualTo(120_000L);
        assertThat(alpha.failuresByClass()).isEmpty();

        RunReport.TaskSummary beta = r.tasks().get(1);
        assertThat(beta.attempts()).isEqualTo(3);
        assertThat(beta.passes()).isEqualTo(1);
        assertThat(beta.passRate()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(beta.meanReward()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(beta.meanDurationMs()).isEqualTo(270_000L);
        assertThat(beta.failuresByClass()).containsExactly(entry("AGENT", 1), entry("INFRA", 1));
    }

    @Test
    void listsTheFailedTrialsWithTheirCause() {
        RunReport r = build(6);

        assertThat(r.failures()).containsExactly(
                new RunReport.FailedTrial("beta__a02", "AGENT", "AgentTimeoutError", "agent timed out after 900s",
                        "host-5", "s3://bucket/runs/beta__a02"),
                new RunReport.FailedTrial("beta__a03", "INFRA", "RuntimeError", "docker daemon unreachable",
                        "host-0", "s3://bucket/runs/beta__a03"));
    }

    @Test
    void countsPlannedPartitionsWithoutResultAsMissing() {
        RunReport r = build(8);

        assertThat(r.plannedPartitions()).isEqualTo(8);
        assertThat(r.missingPartitions()).isEqualTo(2);
        assertThat(r.meanReward()).as("over the trials that ran").isCloseTo(0.5, within(EPS));
    }

    @Test
    void reportsAnEmptyRunWithoutDividingByZero() {
        RunReport r = builder.build("unit-spec", 11, 22, "STARTED", STARTED, 4, List.of(), NOW);

        assertThat(r.trials()).isZero();
        assertThat(r.missingPartitions()).isEqualTo(4);
        assertThat(r.meanReward()).isZero();
        assertThat(r.passRate()).isZero();
        assertThat(r.passRateCi95()).containsExactly(0.0, 0.0);
        assertThat(r.passAtK()).isEmpty();
        assertThat(r.failuresByClass()).isEmpty();
        assertThat(r.durationP50Ms()).isNull();
        assertThat(r.durationP95Ms()).isNull();
        assertThat(r.lastTrialFinishedAt()).isNull();
        assertThat(r.wallTimeMs()).isNull();
        assertThat(r.tasks()).isEmpty();
        assertThat(r.failures()).isEmpty();
    }

    // --- summary.md -----------------------------------------------------------------------------------------------

    @Test
    void rendersTheMeanRewardAndThePassAtKTable() {
        String md = new SummaryMarkdown().render(build(6));

        assertThat(md).startsWith("## unit-spec - run 22 (COMPLETED)\n")
                .contains("**Mean reward 0.500** (pass rate 50.0%, 95% CI 18.8-81.2%) over 6 trials\n")
                .contains("| pass@k | k=1 | k=2 | k=3 | \n|---|---|---|---|\n| | 0.500 | 0.833 | 1.000 | \n")
                .contains("- Failures: AGENT 1, INFRA 1\n")
                .contains("- Tokens: 15,000 in / 2,000 out; cost $1.50")
                .contains("- Trial duration p50 3m00s, p95 5m00s; wall time 50m00s\n")
                .doesNotContain("partial");
    }

    @Test
    void saysPartialWhenPartitionsHaveNoResult() {
        String md = new SummaryMarkdown().render(build(8));

        assertThat(md).contains("**Mean reward 0.500**")
                .contains(" - **partial: 2 of 8 partitions have no result**");
    }

    @Test
    void rendersAnEmptyRunWithPlaceholders() {
        String md = new SummaryMarkdown().render(
                builder.build("unit-spec", 11, 22, "STARTED", STARTED, 4, List.of(), NOW));

        assertThat(md).contains("**Mean reward 0.000**").contains("partial: 4 of 4 partitions")
                .contains("- Failures: none").contains("p50 -, p95 -; wall time -");
    }

    @Test
    void formatsDurationsBySize() {
        assertThat(SummaryMarkdown.duration(null)).isEqualTo("-");
        assertThat(SummaryMarkdown.duration(1_500L)).isEqualTo("1.5s");
        assertThat(SummaryMarkdown.duration(61_000L)).isEqualTo("1m01s");
        assertThat(SummaryMarkdown.duration(3_723_000L)).isEqualTo("1h02m");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private RunReport build(int planned) {
        return builder.build("unit-spec", 11, 22, "COMPLETED", STARTED, planned, ROWS, NOW);
    }

    /** A trial that finished {@code finishedSlot} x 10 minutes after the run started, on host-{finishedSlot}. */
    private static TrialRow row(String key, String task, int attempt, Double reward, boolean passed,
            String failureClass, String exceptionType, String message, Long input, Long cache, Long output,
            Double cost, Long durationMs, int finishedSlot) {
        Instant finished = STARTED.plusSeconds(600L * finishedSlot);
        Instant started = durationMs == null ? null : finished.minusMillis(durationMs);
        return new TrialRow(key, task, attempt, reward, passed, failureClass, exceptionType, message, input, cache,
                output, cost, started, finished, durationMs, "host-" + finishedSlot, "s3://bucket/runs/" + key);
    }
}
