package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The new numbers of the report against values worked out by hand (the arithmetic is in the comments) or taken from
 * published tables, never from this code's own output: the Benjamini-Hochberg adjustment, the sign test, the
 * validity gate, the phase timings, the flaky tasks, the leaderboard and the pass@k table.
 */
class ReportJudgementTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    // --- Benjamini-Hochberg ----------------------------------------------------------------------------------------

    @Test
    void adjustsByTheStepUpRuleOfBenjaminiAndHochberg() {
        // sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4); m p / rank = 0.02, 0.02, 0.04, 0.04; the running
        // minimum from the largest down leaves them as they are. R: p.adjust(c(.01, .04, .03, .005), "BH")
        // = 0.02 0.04 0.04 0.02
        assertThat(RewardStatistics.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005}, 4))
                .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
    }

    @Test
    void countsTheTestsWithoutAChangeInTheFamily() {
        // the same four among ten tests (six with p = 1): 10 p / rank = 0.05, 0.05, 0.1, 0.1
        assertThat(RewardStatistics.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005}, 10))
                .containsExactly(new double[] {0.05, 0.1, 0.1, 0.05}, within(1e-12));
    }

    @Test
    void takesTheRunningMinimumFromTheLargestPValueDown() {
        // 0.5 (rank 1) -> 2 x 0.5 / 1 = 1.0, but 0.9 (rank 2) -> 2 x 0.9 / 2 = 0.9 is smaller and carries down
        assertThat(RewardStatistics.benjaminiHochberg(new double[] {0.9, 0.5}, 2))
                .containsExactly(new double[] {0.9, 0.9}, within(1e-12));
    }

    @Test
    void leavesTheLoneSmallPValueOfSeventyFiveTasksUnstarred() {
        // the case: gcode-to-text at p = 0.0498 among 75 tasks, the others unchanged: 75 x 0.0498 = 3.7 -> 1
        double[] adjusted = RewardStatistics.benjaminiHochberg(new double[] {0.0498}, 75);

        assertThat(adjusted[0]).isEqualTo(1.0);
    }

    @Test
    void refusesMorePValuesThanTests() {
        assertThatThrownBy(() -> RewardStatistics.benjaminiHochberg(new double[] {0.1, 0.2}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adjustsTheFixturesTaskChangesOverTheSixTasksCompared() {
        RunReport.Regression g = ReportFixtures.currentReport().regression();

        // raw (R fisher.test): 0.02857143, 0.02857143, 0.4857143 among 6 tasks (3 unchanged):
        // 6 x 0.02857143 / 2 = 0.08571429 (rank 2, carried to rank 1), 6 x 0.4857143 / 3 = 0.9714286
        assertThat(g.taskChanges().get(0).adjustedPValue()).isCloseTo(0.08571429, within(1e-7));
        assertThat(g.taskChanges().get(1).adjustedPValue()).isCloseTo(0.08571429, within(1e-7));
        assertThat(g.taskChanges().get(2).adjustedPValue()).isCloseTo(0.9714286, within(1e-6));
        assertThat(g.taskChanges()).noneMatch(RunReport.TaskChange::significantAdjusted);
        assertThat(g.significantTasks()).isZero();
        assertThat(g.correction()).isEqualTo("Benjamini-Hochberg");
    }

    // --- sign test (Commons Statistics' BinomialTest) --------------------------------------------------------------

    @Test
    void signTestIsTheExactTwoSidedBinomialTest() {
        // 8 of 10: 2 x (C(10,8) + C(10,9) + C(10,10)) / 2^10 = 2 x 56 / 1024 = 0.109375
        assertThat(RewardStatistics.signTest(8, 2)).isCloseTo(0.109375, within(1e-12));
        assertThat(RewardStatistics.signTest(2, 8)).isCloseTo(0.109375, within(1e-12));
        // 6 of 6: 2 / 2^6 = 0.03125; 5 of 5: 2 / 32 = 0.0625; 3 of 6: 1
        assertThat(RewardStatistics.signTest(6, 0)).isCloseTo(0.03125, within(1e-12));
        assertThat(RewardStatistics.signTest(5, 0)).isCloseTo(0.0625, within(1e-12));
        assertThat(RewardStatistics.signTest(3, 3)).isCloseTo(1.0, within(1e-12));
        assertThat(RewardStatistics.signTest(0, 0)).isEqualTo(1.0);
    }

    // --- coverage and the validity gate ----------------------------------------------------------------------------

    /** Ten planned: 6 clean (4 pass), 1 agent failure (reward 0), 1 verifier failure (no reward), 1 infra, 1 missing. */
    private static List<TrialRow> tenPlannedNineRan() {
        List<TrialRow> rows = new ArrayList<>();
        for (int a = 1; a <= 6; a++) {
            rows.add(row("t", a, a <= 4 ? 1.0 : 0.0, "NONE", 10_000L));
        }
        rows.add(row("t", 7, 0.0, "AGENT", 10_000L));
        rows.add(row("t", 8, null, "VERIFIER", 10_000L));
        rows.add(row("t", 9, null, "INFRA", null));
        return rows;
    }

    @Test
    void countsScoredTrialsAgainstThePlanAndWithholdsComparabilityBelowTheGate() {
        RunReport r = new RunReportBuilder().build("s", 1, 2, "COMPLETED", T0, 10, tenPlannedNineRan(), List.of(),
                T0, new ReportSettings(0.9, 14));

        RunReport.Coverage c = r.coverage();
        // scored = 6 clean + 1 agent failure with reward 0 = 7 of 10
        assertThat(c.planned()).isEqualTo(10);
        assertThat(c.scored()).isEqualTo(7);
        assertThat(c.clean()).isEqualTo(6);
        assertThat(c.agentFailed()).isEqualTo(1);
        assertThat(c.verifierFailed()).isEqualTo(1);
        assertThat(c.infraFailed()).isEqualTo(1);
        assertThat(c.configFailed()).isZero();
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.scoredFraction()).isCloseTo(0.7, within(1e-12));
        assertThat(c.comparable()).isFalse();
        assertThat(c.reason()).isEqualTo("70.0% of the 10 planned trials were scored (7), below the 90% the spec "
                + "requires (report.minCoverage 0.9): 1 infra-failed, 0 config-failed, 1 verifier-failed, 1 without a "
                + "result");
    }

    @Test
    void aRunExactlyAtTheGateIsComparable() {
        RunReport r = new RunReportBuilder().build("s", 1, 2, "COMPLETED", T0, 10, tenPlannedNineRan(), List.of(),
                T0, new ReportSettings(0.7, 14));

        assertThat(r.coverage().comparable()).isTrue();
        assertThat(r.coverage().reason()).isNull();
    }

    @Test
    void withholdsTheVerdictWhenEitherRunIsBelowItsGateAndSaysWhich() {
        List<TrialRow> clean = new ArrayList<>();
        for (int a = 1; a <= 10; a++) {
            clean.add(row("t", a, 1.0, "NONE", 10_000L));
        }
        RunReport baseline = new RunReportBuilder().build("s", 1, 5, "COMPLETED", T0, 10, clean, List.of(), T0,
                ReportSettings.DEFAULTS);
        RunReport current = new RunReportBuilder().build("s", 2, 6, "COMPLETED", T0, 10, tenPlannedNineRan(),
                List.of(), T0, ReportSettings.DEFAULTS);

        RunReport.Regression g = new RegressionAnalysis().compare(current, baseline, "night-1");

        // 10/10 against 4/9 would be "worse" (z-test p < 0.05), but this run scored 7 of 10
        assertThat(g.verdict()).isEqualTo(RegressionAnalysis.NOT_COMPARABLE);
        assertThat(g.withheldReason()).startsWith("this run: 70.0% of the 10 planned trials were scored (7)");
        assertThat(g.pValue()).isLessThan(0.05);
        RunReport.Regression other = new RegressionAnalysis().compare(baseline, current, "night-2");
        assertThat(other.verdict()).isEqualTo(RegressionAnalysis.NOT_COMPARABLE);
        assertThat(other.withheldReason()).startsWith("baseline run 6 (night-2): 70.0%");
        assertThat(new SummaryMarkdown().render(current.withRegression(g)))
                .contains("**not comparable**").contains("verdict withheld: this run: 70.0%");
    }

    // --- phase timings ---------------------------------------------------------------------------------------------

    @Test
    void takesPhasePercentilesAndNamesThePhaseThatMakesTheTailLong() {
        // five trials: environment setup 1, 1, 1, 1, 31 s (an image pull); agent 10, 12, 14, 16, 18 s; agent setup
        // 1 s and verifier 2 s each. Durations = the sum: 14, 16, 18, 20, 52 s.
        long[] env = {1_000, 1_000, 1_000, 1_000, 31_000};
        long[] agent = {10_000, 12_000, 14_000, 16_000, 18_000};
        List<TrialRow> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long total = env[i] + 1_000 + agent[i] + 2_000;
            rows.add(new TrialRow("t__a0" + (i + 1), "t", i + 1, 1.0, true, "NONE", null, null, null, null, null,
                    null, T0, T0.plusMillis(total), total, "h", null, null, "a", "m/x", env[i], 1_000L, agent[i],
                    2_000L));
        }

        RunReport.Phases p = PhaseTimings.of(rows);

        // nearest rank: p50 = 3rd of 5, p95 = ceil(4.75) = 5th
        assertThat(p.overall()).extracting(RunReport.PhaseStat::phase).containsExactly("environmentSetup",
                "agentSetup", "agent", "verifier");
        assertThat(p.overall().get(0).p50Ms()).isEqualTo(1_000L);
        assertThat(p.overall().get(0).p95Ms()).isEqualTo(31_000L);
        assertThat(p.overall().get(2).p50Ms()).isEqualTo(14_000L);
        assertThat(p.overall().get(2).p95Ms()).isEqualTo(18_000L);
        // tail: the trials at or above p95 of the durations (52 s): one trial. Its excess over the phase medians:
        // environment 31 - 1 = 30 s, agent 18 - 14 = 4 s, the others 0: environment, 30 / 34 = 0.8824
        assertThat(p.tailTrials()).isEqualTo(1);
        assertThat(p.tailPhase()).isEqualTo("environmentSetup");
        assertThat(p.tailShare()).isCloseTo(30.0 / 34, within(1e-4));
        assertThat(p.tasks()).singleElement().satisfies(t -> assertThat(t.phases().get(3).p50Ms()).isEqualTo(2_000L));
    }

    @Test
    void hasNoTailPhaseWithoutPhaseTimings() {
        RunReport.Phases p = PhaseTimings.of(List.of(row("t", 1, 1.0, "NONE", 5_000L)));

        assertThat(p.tailPhase()).isNull();
        assertThat(p.overall()).allSatisfy(s -> assertThat(s.p50Ms()).isNull());
    }

    // --- trend and flaky tasks ---------------------------------------------------------------------------------------

    @Test
    void ranksTasksByHowOftenTheirOutcomeFlipsBetweenConsecutiveRuns() {
        // a: 3/4 1/4 4/4 2/4 0/4 -> P F P P F: flips F, P, -, F = 3 of 4 chances (0.75)
        // b: 4/4 in every run -> no flip; c: absent in run 2, then 0/4 4/4 0/4 4/4 -> F - P F P... see below
        List<TrendAnalysis.RunResults> runs = List.of(
                run(1, Map.of("a", 3, "b", 4, "c", 0)), run(2, Map.of("a", 1, "b", 4)),
                run(3, Map.of("a", 4, "b", 4, "c", 4)), run(4, Map.of("a", 2, "b", 4, "c", 0)),
                run(5, Map.of("a", 0, "b", 4, "c", 4)));

        List<RunReport.FlakyTask> flaky = TrendAnalysis.flaky(runs);

        // c: F - P F P over 4 runs present: F->P, P->F, F->P = 3 flips of 3 chances (1.0), ranked first
        assertThat(flaky).extracting(RunReport.FlakyTask::task).containsExactly("c", "a");
        assertThat(flaky.get(0).outcomes()).isEqualTo("F-PFP");
        assertThat(flaky.get(0).flipRate()).isEqualTo(1.0);
        assertThat(flaky.get(1).outcomes()).isEqualTo("PFPPF");
        assertThat(flaky.get(1).flips()).isEqualTo(3);
        assertThat(flaky.get(1).runs()).isEqualTo(5);
        assertThat(flaky.get(1).flipRate()).isEqualTo(0.75);
    }

    @Test
    void givesEachRunOfTheTrendItsPassRateWilsonIntervalAndWallTime() {
        RunReport.Trend t = TrendAnalysis.of(14, List.of(runOf(1, Map.of("a", 5), 10), runOf(2, Map.of("a", 8), 10)));

        // run 1: 5 of 10 -> Wilson 95% [0.2366, 0.7634] (the published table RewardStatisticsTest uses)
        RunReport.TrendPoint first = t.runs().get(0);
        assertThat(first.trials()).isEqualTo(10);
        assertThat(first.passRate()).isCloseTo(0.5, within(1e-12));
        assertThat(first.passRateCi95()[0]).isCloseTo(0.2366, within(5e-5));
        assertThat(first.passRateCi95()[1]).isCloseTo(0.7634, within(5e-5));
        assertThat(first.wallTimeMs()).isEqualTo(600_000L);
        assertThat(t.runs().get(1).current()).isTrue();
    }

    // --- matrix ----------------------------------------------------------------------------------------------------

    @Test
    void ranksConfigurationsAndComparesEveryPairTaskByTaskAndBySignTest() {
        // six tasks x 4 attempts. good: 4/4 on every task (24/24); fair: 4,4,4,2,2,0 (16/24); poor: 0 everywhere.
        List<TrialRow> rows = new ArrayList<>();
        int[] fair = {4, 4, 4, 2, 2, 0};
        for (int t = 0; t < 6; t++) {
            for (int a = 1; a <= 4; a++) {
                rows.add(matrixRow("good", "t" + t, a, true));
                rows.add(matrixRow("fair", "t" + t, a, a <= fair[t]));
                rows.add(matrixRow("poor", "t" + t, a, false));
            }
        }

        RunReport.Matrix m = MatrixAnalysis.of(rows);

        assertThat(m.leaderboard()).extracting(RunReport.ConfigurationSummary::configuration)
                .containsExactly("good", "fair", "poor");
        RunReport.ConfigurationSummary good = m.leaderboard().get(0);
        assertThat(good.rank()).isEqualTo(1);
        assertThat(good.passRate()).isEqualTo(1.0);
        // cost 0.01 per trial, tokens 100 in + 10 out per trial
        assertThat(good.costPerTrialUsd()).isCloseTo(0.01, within(1e-12));
        assertThat(good.inputTokens()).isEqualTo(2_400);
        assertThat(good.passAtK().get(1)).isEqualTo(1.0);
        // fair: 16/24 passed; pass@4 = mean over tasks of 1 - C(4 - c, 4) / C(4, 4) = (1+1+1+1+1+0) / 6
        RunReport.ConfigurationSummary f = m.leaderboard().get(1);
        assertThat(f.passRate()).isCloseTo(16.0 / 24, within(1e-12));
        assertThat(f.passAtK().get(4)).isCloseTo(5.0 / 6, within(1e-12));

        // pairs in leaderboard order: good-fair, good-poor, fair-poor
        assertThat(m.pairs()).extracting(p -> p.a() + ">" + p.b()).containsExactly("good>fair", "good>poor",
                "fair>poor");
        RunReport.PairComparison goodPoor = m.pairs().get(1);
        // good better on all 6 tasks: sign test 2 / 2^6 = 0.03125; fair vs good: better on 3 (t3, t4, t5), same on 3:
        // 2 x (1/8) = 0.25; fair vs poor: fair better on 5: 2 x 1/32 = 0.0625
        assertThat(goodPoor.aBetter()).isEqualTo(6);
        assertThat(goodPoor.bBetter()).isZero();
        assertThat(goodPoor.signTestP()).isCloseTo(0.03125, within(1e-12));
        assertThat(m.pairs().get(0).signTestP()).isCloseTo(0.25, within(1e-12));
        assertThat(m.pairs().get(2).signTestP()).isCloseTo(0.0625, within(1e-12));
        // BH over the 3 pairs: sorted 0.03125 (1), 0.0625 (2), 0.25 (3): 3 x p / rank = 0.09375, 0.09375, 0.25
        assertThat(goodPoor.signTestAdjustedP()).isCloseTo(0.09375, within(1e-12));
        assertThat(m.pairs().get(2).signTestAdjustedP()).isCloseTo(0.09375, within(1e-12));
        assertThat(goodPoor.significant()).isFalse();
        // per task, good 4/4 vs poor 0/4: Fisher p = 0.02857143 (R); 18 tests in the family (6 tasks x 3 pairs)
        assertThat(m.testsInFamily()).isEqualTo(18);
        assertThat(goodPoor.taskChanges()).hasSize(6).allSatisfy(c -> assertThat(c.pValue())
                .isCloseTo(0.02857143, within(1e-7)));
    }

    @Test
    void aSpecOfOneAgentHasNoMatrix() {
        assertThat(MatrixAnalysis.of(List.of(row("t", 1, 1.0, "NONE", 1L)))).isNull();
    }

    // --- pass@k table and curve ------------------------------------------------------------------------------------

    @Test
    void tabulatesPassAtKAtOneTwoFiveTenAndTheMostAttempts() {
        assertThat(ReportView.passAtKTable(range(134))).containsExactly(1, 2, 5, 10, 134);
        assertThat(ReportView.passAtKTable(range(10))).containsExactly(1, 2, 5, 10);
        assertThat(ReportView.passAtKTable(range(7))).containsExactly(1, 2, 5, 7);
        assertThat(ReportView.passAtKTable(range(3))).containsExactly(1, 2, 3);
        assertThat(ReportView.passAtKTable(range(1))).containsExactly(1);
        assertThat(ReportView.passAtKTable(Set.of())).isEmpty();
    }

    @Test
    void drawsPassAtKFromItsValuesOnEquallySpacedK() {
        Map<Integer, Double> passAtK = new TreeMap<>(Map.of(1, 0.5, 2, 0.75, 3, 0.875, 4, 1.0));

        ReportCharts.LineChart c = ReportCharts.passAtKCurve(passAtK);

        // plot from x 54 to 546 (width 560 - 14 right) and y 190 (220 - 30) up to 12: x = 54 + 492 (k - 1) / 3,
        // y = 190 - 178 v: (54, 101.0) (218, 56.5) (382, 34.3 = 34.25 rounded half up) (546, 12.0)
        assertThat(c.line()).isEqualTo("54.0,101.0 218.0,56.5 382.0,34.3 546.0,12.0");
        assertThat(c.dots()).extracting(ReportCharts.Dot::title).containsExactly("pass@1 = 0.500", "pass@2 = 0.750",
                "pass@3 = 0.875", "pass@4 = 1.000");
        // k labelled where the pass@k table has a value: 1, 2 and the most attempts (5 and 10 do not exist here)
        assertThat(c.xTicks()).extracting(ReportCharts.Tick::label).containsExactly("1", "2", "4");
        assertThat(c.yTicks()).extracting(ReportCharts.CountTick::label).containsExactly("0%", "25%", "50%", "75%",
                "100%");
        assertThat(c.area()).isNull();
    }

    @Test
    void drawsTheTrendsIntervalAsABandAroundThePassRate() {
        RunReport.Trend t = TrendAnalysis.of(14, List.of(runOf(1, Map.of("a", 5), 10), runOf(2, Map.of("a", 8), 10)));

        ReportCharts.LineChart c = ReportCharts.trend(t, ReportCharts.Trend.PASS_RATE);

        // run 1 at x 54, 50% -> y 190 - 89 = 101.0; run 2 at x 546, 80% -> y 190 - 142.4 = 47.6
        assertThat(c.line()).isEqualTo("54.0,101.0 546.0,47.6");
        // the band: upper bounds left to right, then lower bounds right to left; 5/10's upper 0.7634 -> 54.1
        assertThat(c.area()).startsWith("54.0,54.1 546.0,");
        assertThat(c.xTicks()).extracting(ReportCharts.Tick::label).containsExactly("#1", "#2");
        assertThat(ReportCharts.niceCeiling(0.83)).isEqualTo(1.0);
        assertThat(ReportCharts.niceCeiling(1.7)).isEqualTo(2.0);
        assertThat(ReportCharts.niceCeiling(2.2)).isEqualTo(2.5);
        assertThat(ReportCharts.niceCeiling(420)).isEqualTo(500);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static Set<Integer> range(int k) {
        Set<Integer> ks = new java.util.TreeSet<>();
        for (int i = 1; i <= k; i++) {
            ks.add(i);
        }
        return ks;
    }

    /** A run of the trend: each task's passes of 4 attempts, started 10 minutes before its last trial ended. */
    private static TrendAnalysis.RunResults run(long id, Map<String, Integer> passes) {
        return runOf(id, passes, 4);
    }

    /** A run of the trend, the current one from id 2 on: each task's passes of {@code attempts}. */
    private static TrendAnalysis.RunResults runOf(long id, Map<String, Integer> passes, int attempts) {
        Map<String, TaskComparisons.Tally> tallies = new TreeMap<>();
        passes.forEach((task, p) -> tallies.put(task, new TaskComparisons.Tally(attempts, p)));
        Instant start = T0.plusSeconds(86_400 * id);
        return new TrendAnalysis.RunResults(id, id, "night-" + id, start, tallies, 1.0, 600_000L, id >= 2);
    }

    private static TrialRow row(String task, int attempt, Double reward, String failureClass, Long durationMs) {
        return new TrialRow(task + "__a0" + attempt, task, attempt, reward, reward != null && reward == 1.0,
                failureClass, null, null, null, null, null, null, T0, durationMs == null ? null
                : T0.plusMillis(durationMs), durationMs, "h", null);
    }

    private static TrialRow matrixRow(String configuration, String task, int attempt, boolean passed) {
        return new TrialRow(configuration + "__" + task + "__a0" + attempt, task, attempt, passed ? 1.0 : 0.0, passed,
                "NONE", null, null, 100L, 0L, 10L, 0.01, T0, T0.plusSeconds(10), 10_000L, "h", null, configuration,
                "claude-code", "anthropic/" + configuration, null, null, null, null);
    }
}
