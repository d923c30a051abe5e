package io.benchfleet.manager.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report's figures as report.html prints them ({@code %.3f} rewards, {@code %.1f%%} rates, durations as in
 * summary.md, a Unicode minus for negative deltas), so that {@code templates/report.html} holds the markup and no
 * number formatting; the counts it prints as they are come from the {@link RunReport} itself.
 *
 * @param runName     the run's name, "-" without one
 * @param statusToken the run status as a class name ({@link CssToken})
 * @param regression  null when there is no baseline run
 * @param missingKeys the missing partitions' keys, comma-separated; empty when none are known
 * @param rehearsal   the REHEARSAL banner's text when any trial is simulated, else null
 * @param coverage    the validity gate's figures
 * @param phases      the per-phase timings
 * @param matrix      the leaderboard and pairwise comparisons, null for a spec of one agent
 * @param trend       the trend table and the flaky tasks, null without a trend
 */
public record ReportView(String runName, String statusToken, String started, String lastTrialFinished,
        Headline headline, RegressionView regression, List<TaskRow> tasks, List<FailureRow> failures,
        String missingKeys, String generatedAt, String rehearsal, CoverageView coverage, PhaseView phases,
        MatrixView matrix, TrendView trend) {

    /** The view of {@code r}, run {@code runName} (may be null). */
    public static ReportView of(RunReport r, String runName) {
        return new ReportView(runName == null ? "-" : runName, CssToken.of(r.runStatus()), time(r.startedAt()),
                time(r.lastTrialFinishedAt()), Headline.of(r),
                r.regression() == null ? null : RegressionView.of(r.regression()),
                r.tasks().stream().map(TaskRow::of).toList(), r.failures().stream().map(FailureRow::of).toList(),
                String.join(", ", r.missingPartitionKeys()), String.valueOf(r.generatedAt()), rehearsal(r),
                CoverageView.of(r.coverage()), PhaseView.of(r.phases()),
                r.matrix() == null ? null : MatrixView.of(r.matrix()),
                r.trend() == null ? null : TrendView.of(r.trend()));
    }

    /** The banner of a report with simulated trials: they are a rehearsal's invented results, never a benchmark. */
    static String rehearsal(RunReport r) {
        RunProvenance p = r.provenance();
        if (p == null || !p.rehearsal()) {
            return null;
        }
        return p.simulatedTrials() + " of " + r.trials() + " trials were produced by the simulated executor, which "
                + "runs no agent: these figures rehearse the pipeline and are not a benchmark result.";
    }

    /** The k of the pass@k table: 1, 2, 5, 10 and the most attempts, those the run has. */
    public static List<Integer> passAtKTable(java.util.Set<Integer> ks) {
        int max = ks.stream().mapToInt(Integer::intValue).max().orElse(0);
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
        for (int k : new int[] {1, 2, 5, 10, max}) {
            if (k >= 1 && ks.contains(k)) {
                chosen.add(k);
            }
        }
        return List.copyOf(chosen);
    }

    /**
     * The coverage panel: {@code scored} as a percentage of the planned trials, the counts by outcome, and the gate;
     * {@code reason} is null for a comparable run.
     */
    public record CoverageView(String scoredPercent, String minPercent, boolean comparable, String reason,
            int planned, int scored, List<Pill> outcomes) {

        static CoverageView of(RunReport.Coverage c) {
            List<Pill> outcomes = List.of(new Pill("NONE", "clean " + c.clean()),
                    new Pill("AGENT", "agent-failed " + c.agentFailed()),
                    new Pill("VERIFIER", "verifier-failed " + c.verifierFailed()),
                    new Pill("INFRA", "infra-failed " + c.infraFailed()),
                    new Pill("CONFIG", "config-failed " + c.configFailed()),
                    new Pill("MISSING", "without result " + c.missing()));
            return new CoverageView(fmt("%.1f%%", 100 * c.scoredFraction()), fmt("%.0f%%", 100 * c.minCoverage()),
                    c.comparable(), c.reason(), c.planned(), c.scored(), outcomes);
        }
    }

    /** Phase timings as printed: the overall rows, what dominates the tail, and one row per task. */
    public record PhaseView(List<PhaseRow> overall, String tail, List<TaskPhaseRow> tasks) {

        static final Map<String, String> LABELS = Map.of("environmentSetup", "environment setup", "agentSetup",
                "agent setup", "agent", "agent", "verifier", "verifier");

        static PhaseView of(RunReport.Phases p) {
            List<PhaseRow> overall = p.overall().stream().map(s -> new PhaseRow(LABELS.get(s.phase()), s.trials(),
                    SummaryMarkdown.duration(s.p50Ms()), SummaryMarkdown.duration(s.p95Ms()),
                    s.phase().equals(p.tailPhase()))).toList();
            String tail = p.tailPhase() == null ? null : fmt("%s: %.0f%% of the time above the phases' medians in "
                    + "the %d trials at or above the p95 duration", LABELS.get(p.tailPhase()), 100 * p.tailShare(),
                    p.tailTrials());
            List<TaskPhaseRow> tasks = p.tasks().stream().map(t -> new TaskPhaseRow(t.task(), t.phases().stream()
                    .map(s -> SummaryMarkdown.duration(s.p50Ms()) + " / " + SummaryMarkdown.duration(s.p95Ms()))
                    .toList())).toList();
            return new PhaseView(overall, tail, tasks);
        }
    }

    /** One phase over all trials; {@code tail} marks the phase that dominates the long tail. */
    public record PhaseRow(String phase, int trials, String p50, String p95, boolean tail) {
    }

    /** A task's "p50 / p95" per phase, in phase order. */
    public record TaskPhaseRow(String task, List<String> phases) {
    }

    /** The leaderboard and the pairs of a matrix run. */
    public record MatrixView(List<LeaderRow> leaderboard, List<PairRow> pairs, int testsInFamily) {

        static MatrixView of(RunReport.Matrix m) {
            List<LeaderRow> board = m.leaderboard().stream().map(c -> new LeaderRow(c.rank(), c.configuration(),
                    c.agent(), c.model() == null ? "-" : c.model(), c.trials(), String.valueOf(c.passRate()),
                    fmt("%.1f%%", 100 * c.passRate()), fmt("%.1f", 100 * c.passRateCi95()[0]),
                    fmt("%.1f", 100 * c.passRateCi95()[1]), passAtK(c.passAtK()),
                    c.costPerTrialUsd() == null ? "-" : fmt("$%.4f", c.costPerTrialUsd()),
                    compact(c.inputTokens() + c.outputTokens()), SummaryMarkdown.duration(c.durationP50Ms()),
                    SummaryMarkdown.duration(c.durationP95Ms()))).toList();
            List<PairRow> pairs = m.pairs().stream().map(p -> new PairRow(p.a(), p.b(),
                    fmt("%.1f%%", 100 * p.passRateA()), fmt("%.1f%%", 100 * p.passRateB()),
                    signed(100 * p.passRateDelta(), "%.1f pp"), p.passRateDelta() > 0 ? "good"
                    : p.passRateDelta() < 0 ? "bad" : "", p.tasksCompared(), p.bBetter(), p.aBetter(),
                    fmt("%.3g", p.signTestP()), fmt("%.3g", p.signTestAdjustedP()) + (p.significant() ? " *" : ""),
                    p.significant(), p.significantTasks(), p.taskChanges().stream().map(ChangeRow::of).toList()))
                    .toList();
            return new MatrixView(board, pairs, m.testsInFamily());
        }

        private static String passAtK(Map<Integer, Double> passAtK) {
            StringBuilder s = new StringBuilder();
            for (int k : passAtKTable(passAtK.keySet())) {
                s.append(s.isEmpty() ? "" : " \u00b7 ").append('@').append(k).append(' ')
                        .append(fmt("%.3f", passAtK.get(k)));
            }
            return s.toString();
        }
    }

    /** One configuration of the leaderboard. */
    public record LeaderRow(int rank, String configuration, String agent, String model, int trials, String passRateV,
            String passRate, String ciLow, String ciHigh, String passAtK, String costPerTrial, String tokens,
            String durationP50, String durationP95) {
    }

    /** One pair of configurations: b against a, overall and task by task. */
    public record PairRow(String a, String b, String passRateA, String passRateB, String delta, String deltaTone,
            int tasksCompared, int bBetter, int aBetter, String signP, String signAdjustedP, boolean significant,
            int significantTasks, List<ChangeRow> changes) {
    }

    /** The trend: one row per run, oldest first, and the flaky tasks. */
    public record TrendView(int window, List<TrendRow> runs, List<FlakyRow> flaky) {

        static TrendView of(RunReport.Trend t) {
            return new TrendView(t.window(), t.runs().stream().map(p -> new TrendRow(p.jobExecutionId(),
                    p.run() == null ? "-" : p.run(), time(p.startedAt()), p.trials(),
                    fmt("%.1f%%", 100 * p.passRate()), fmt("%.1f", 100 * p.passRateCi95()[0]),
                    fmt("%.1f", 100 * p.passRateCi95()[1]), fmt("$%.2f", p.costUsd()),
                    SummaryMarkdown.duration(p.wallTimeMs()), p.current())).toList(),
                    t.flakyTasks().stream().limit(20).map(f -> new FlakyRow(f.task(), f.runs(), f.flips(),
                            String.valueOf(f.flipRate()), fmt("%.0f%%", 100 * f.flipRate()), f.outcomes())).toList());
        }
    }

    /** One run of the trend. */
    public record TrendRow(long jobExecutionId, String run, String started, int trials, String passRate, String ciLow,
            String ciHigh, String cost, String wallTime, boolean current) {
    }

    /** A flaky task: its flips over the runs it was in, and its outcomes oldest first. */
    public record FlakyRow(String task, int runs, int flips, String flipRateV, String flipRate, String outcomes) {
    }

    /** A failure class with its count, coloured by class. */
    public record Pill(String token, String text) {

        static List<Pill> of(Map<String, Integer> byClass) {
            List<Pill> pills = new ArrayList<>();
            byClass.forEach((c, n) -> pills.add(new Pill(CssToken.of(c), c + " " + n)));
            return pills;
        }
    }

    /** pass@k for one k. */
    public record PassAtK(int k, String value) {
    }

    /** The headline cards. Figures that do not exist for the run (cost per trial without trials, ...) are null. */
    public record Headline(String meanReward, String passRate, String ciLow, String ciHigh, String passAtOne,
            List<PassAtK> passAtK, int failures, List<Pill> failurePills, String cost, String costPerTrial,
            String tokens, String tokensIn, String tokensCache, String tokensOut, String wallTime, String durationP50,
            String durationP95, String hosts, String busy, String inFlight) {

        static Headline of(RunReport r) {
            List<PassAtK> passAtK = new ArrayList<>();
            passAtKTable(r.passAtK().keySet()).forEach(k -> passAtK.add(new PassAtK(k, fmt("%.3f",
                    r.passAtK().get(k)))));
            RunReport.Fleet f = r.fleet();
            boolean busy = f.hostBusyFraction() != null;
            return new Headline(fmt("%.3f", r.meanReward()), fmt("%.1f%%", 100 * r.passRate()),
                    fmt("%.1f", 100 * r.passRateCi95()[0]), fmt("%.1f", 100 * r.passRateCi95()[1]),
                    r.passAtK().isEmpty() ? "-" : fmt("%.3f", r.passAtK().get(1)), passAtK,
                    r.failuresByClass().values().stream().mapToInt(Integer::intValue).sum(),
                    Pill.of(r.failuresByClass()), fmt("$%.2f", r.costUsd()),
                    r.trials() == 0 ? null : fmt("$%.4f", r.costUsd() / r.trials()),
                    compact(r.inputTokens() + r.outputTokens()), fmt("%,d", r.inputTokens()),
                    fmt("%,d", r.cacheTokens()), fmt("%,d", r.outputTokens()), SummaryMarkdown.duration(r.wallTimeMs()),
                    SummaryMarkdown.duration(r.durationP50Ms()), SummaryMarkdown.duration(r.durationP95Ms()),
                    f.hosts() + (f.hosts() == 1 ? " host" : " hosts"),
                    busy ? fmt("%.0f%%", 100 * f.hostBusyFraction()) : null,
                    busy ? fmt("%.1f", f.meanConcurrentTrials()) : null);
        }
    }

    /**
     * The regression section. {@code badge} is the verdict as a class name (better, worse, nochange);
     * {@code newTasks} and {@code droppedTasks} are comma-separated, empty when there are none; {@code drift} is the
     * configuration drift between the runs, {@code ; }-separated, empty when there is none.
     */
    public record RegressionView(String badge, String passRateBefore, String passRateNow, String passRateDelta,
            String z, String p, String alpha, List<DeltaRow> deltas, String newTasks, String droppedTasks,
            List<ChangeRow> changes, String drift, String withheldReason) {

        static RegressionView of(RunReport.Regression g) {
            String badge = g.verdict().equals(RegressionAnalysis.BETTER) ? "better"
                    : g.verdict().equals(RegressionAnalysis.WORSE) ? "worse"
                    : g.verdict().equals(RegressionAnalysis.NOT_COMPARABLE) ? "withheld" : "nochange";
            List<DeltaRow> deltas = List.of(
                    new DeltaRow("Mean reward", fmt("%.3f", g.baselineMeanReward()),
                            fmt("%.3f", g.baselineMeanReward() + g.meanRewardDelta()),
                            signed(g.meanRewardDelta(), "%.3f"), tone(g.meanRewardDelta())),
                    new DeltaRow("Cost", fmt("$%.2f", g.baselineCostUsd()),
                            fmt("$%.2f", g.baselineCostUsd() + g.costDeltaUsd()),
                            (g.costDeltaUsd() < 0 ? "-" : "+") + fmt("$%.2f", Math.abs(g.costDeltaUsd())),
                            tone(-g.costDeltaUsd())),
                    durationRow("Wall time", g.baselineWallTimeMs(), g.wallTimeDeltaMs()),
                    durationRow("Trial duration p50", g.baselineDurationP50Ms(), g.durationP50DeltaMs()));
            return new RegressionView(badge, fmt("%.1f%%", 100 * g.baselinePassRate()),
                    fmt("%.1f%%", 100 * (g.baselinePassRate() + g.passRateDelta())),
                    signed(100 * g.passRateDelta(), "%.1f pp"), fmt("%.2f", g.z()), fmt("%.3g", g.pValue()),
                    fmt("%.2f", g.alpha()), deltas, String.join(", ", g.newTasks()),
                    String.join(", ", g.droppedTasks()), g.taskChanges().stream().map(ChangeRow::of).toList(),
                    g.configurationDrift() == null ? "" : String.join("; ", g.configurationDrift()),
                    g.withheldReason());
        }

        private static DeltaRow durationRow(String what, Long baseline, Long delta) {
            return new DeltaRow(what, SummaryMarkdown.duration(baseline),
                    SummaryMarkdown.duration(baseline == null || delta == null ? null : baseline + delta),
                    SummaryMarkdown.signedDuration(delta), tone(delta == null ? 0 : -delta));
        }

        /** "good" for an improvement, "bad" for a deterioration, empty for none. */
        private static String tone(double goodness) {
            return goodness > 0 ? "good" : goodness < 0 ? "bad" : "";
        }
    }

    /** One figure before and now; {@code tone} is good, bad or empty. */
    public record DeltaRow(String what, String before, String now, String delta, String tone) {
    }

    /**
     * A task whose pass count changed. The {@code ...V} values are what the table sorts by ({@code data-v});
     * {@code significant} marks a Benjamini-Hochberg adjusted p-value below alpha (the star is on {@code adjusted}
     * only; the raw p is printed beside it).
     */
    public record ChangeRow(String task, String beforeV, String before, String nowV, String now, String deltaTone,
            String deltaV, String delta, String flip, boolean significant, String pV, String p, String adjustedV,
            String adjusted) {

        static ChangeRow of(RunReport.TaskChange c) {
            return new ChangeRow(c.task(), String.valueOf(c.baselinePasses() / (double) c.baselineAttempts()),
                    c.baselinePasses() + "/" + c.baselineAttempts(), String.valueOf(c.passes() / (double) c.attempts()),
                    c.passes() + "/" + c.attempts(), c.passRateDelta() > 0 ? "good" : "bad",
                    String.valueOf(c.passRateDelta()), signed(100 * c.passRateDelta(), "%.0f pp"), c.flip(),
                    c.significantAdjusted(), String.valueOf(c.pValue()), fmt("%.3g", c.pValue()),
                    String.valueOf(c.adjustedPValue()),
                    fmt("%.3g", c.adjustedPValue()) + (c.significantAdjusted() ? " *" : ""));
        }
    }

    /** A row of the task table; the {@code ...V} values are what it sorts by. */
    public record TaskRow(String task, int attempts, int passes, String passRateV, String passRate,
            String meanRewardV, String meanReward, String durationV, String duration, List<Pill> failures) {

        static TaskRow of(RunReport.TaskSummary t) {
            return new TaskRow(t.task(), t.attempts(), t.passes(), String.valueOf(t.passRate()),
                    fmt("%.0f%%", 100 * t.passRate()), String.valueOf(t.meanReward()), fmt("%.3f", t.meanReward()),
                    t.meanDurationMs() == null ? "" : String.valueOf(t.meanDurationMs()),
                    SummaryMarkdown.duration(t.meanDurationMs()), Pill.of(t.failuresByClass()));
        }
    }

    /** A row of the failure table; {@code artifact} is null without an artifact URI. */
    public record FailureRow(String partitionKey, String classToken, String failureClass, String exceptionType,
            String message, String host, ArtifactLink artifact) {

        static FailureRow of(RunReport.FailedTrial f) {
            return new FailureRow(f.partitionKey(), CssToken.of(f.failureClass()), f.failureClass(), f.exceptionType(),
                    f.message(), f.host(), ArtifactLink.of(f.artifactUri()));
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** {@code +}, a Unicode minus or {@code ±} before the absolute value. */
    private static String signed(double v, String format) {
        return (v > 0 ? "+" : v < 0 ? "\u2212" : "±") + fmt(format, Math.abs(v));
    }

    private static String compact(long n) {
        if (n >= 1_000_000_000) {
            return fmt("%.2fB", n / 1e9);
        }
        if (n >= 1_000_000) {
            return fmt("%.2fM", n / 1e6);
        }
        if (n >= 10_000) {
            return fmt("%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.toString().replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z");
    }
}
