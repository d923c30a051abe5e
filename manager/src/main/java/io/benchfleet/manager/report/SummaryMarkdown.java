package io.benchfleet.manager.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code summary.md}: the run in a few lines, short enough for a chat message or a PR comment. */
public class SummaryMarkdown {

    public String render(RunReport r) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(r.spec()).append(" - run ").append(r.jobExecutionId()).append(" (")
                .append(r.runStatus()).append(")\n\n");
        String rehearsal = ReportView.rehearsal(r);
        if (rehearsal != null) {
            md.append("**REHEARSAL - simulated trials:** ").append(rehearsal).append("\n\n");
        }
        md.append(String.format(Locale.ROOT, "**Mean reward %.3f** (pass rate %.1f%%, 95%% CI %.1f-%.1f%%) over %d "
                        + "trials", r.meanReward(), 100 * r.passRate(), 100 * r.passRateCi95()[0],
                100 * r.passRateCi95()[1], r.trials()));
        if (r.missingPartitions() > 0) {
            md.append(" - **partial: ").append(r.missingPartitions()).append(" of ").append(r.plannedPartitions())
                    .append(" partitions have no result**");
        }
        md.append("\n\n");
        List<Integer> ks = ReportView.passAtKTable(r.passAtK().keySet());
        md.append("| pass@k | ");
        ks.forEach(k -> md.append("k=").append(k).append(" | "));
        md.append("\n|---|");
        ks.forEach(k -> md.append("---|"));
        md.append("\n| | ");
        ks.forEach(k -> md.append(String.format(Locale.ROOT, "%.3f | ", r.passAtK().get(k))));
        md.append("\n\n");
        if (r.matrix() != null) {
            md.append(leaderboard(r.matrix())).append('\n');
        }
        md.append("- Failures: ").append(r.failuresByClass().isEmpty() ? "none" : classes(r.failuresByClass()))
                .append('\n');
        md.append(String.format(Locale.ROOT, "- Tokens: %,d in / %,d out; cost $%.2f%n", r.inputTokens(),
                r.outputTokens(), r.costUsd()));
        md.append("- Trial duration p50 ").append(duration(r.durationP50Ms())).append(", p95 ")
                .append(duration(r.durationP95Ms())).append("; wall time ").append(duration(r.wallTimeMs()))
                .append('\n');
        if (!r.missingPartitionKeys().isEmpty()) {
            md.append("- Missing partitions: ").append(String.join(", ", r.missingPartitionKeys().stream().limit(20)
                    .toList())).append(r.missingPartitionKeys().size() > 20 ? ", ... ("
                    + r.missingPartitionKeys().size() + " in all)" : "").append('\n');
        }
        md.append(coverage(r.coverage())).append('\n');
        if (r.phases() != null) {
            md.append(phases(r.phases())).append('\n');
        }
        md.append(regression(r.regression())).append('\n');
        if (r.regression() != null) {
            md.append(taskChanges(r.regression())).append('\n');
        }
        if (r.matrix() != null && !r.matrix().pairs().isEmpty()) {
            md.append(pairs(r.matrix())).append('\n');
        }
        if (r.trend() != null) {
            md.append(trend(r.trend())).append('\n');
        }
        return md.toString();
    }

    /** The validity gate in one line. */
    static String coverage(RunReport.Coverage c) {
        String line = String.format(Locale.ROOT, "- Coverage: %.1f%% scored (%d of %d planned; gate %.0f%%): %d clean, "
                        + "%d agent-failed, %d verifier-failed, %d infra-failed, %d config-failed, %d without result",
                100 * c.scoredFraction(), c.scored(), c.planned(), 100 * c.minCoverage(), c.clean(), c.agentFailed(),
                c.verifierFailed(), c.infraFailed(), c.configFailed(), c.missing());
        return c.comparable() ? line : line + " - **not comparable**";
    }

    static String phases(RunReport.Phases p) {
        StringBuilder s = new StringBuilder("- Phases p50/p95:");
        for (int i = 0; i < p.overall().size(); i++) {
            RunReport.PhaseStat stat = p.overall().get(i);
            s.append(i == 0 ? " " : ", ").append(ReportView.PhaseView.LABELS.get(stat.phase())).append(' ')
                    .append(duration(stat.p50Ms())).append('/').append(duration(stat.p95Ms()));
        }
        if (p.tailPhase() != null) {
            s.append(String.format(Locale.ROOT, "; long tail: %s (%.0f%% of the excess over the medians in the %d "
                    + "slowest trials)", ReportView.PhaseView.LABELS.get(p.tailPhase()), 100 * p.tailShare(),
                    p.tailTrials()));
        }
        return s.toString();
    }

    /** The tasks whose pass count changed most surely: raw and adjusted p, starred on the adjusted one. */
    static String taskChanges(RunReport.Regression g) {
        if (g.taskChanges().isEmpty()) {
            return "- Task changes: none of the " + g.tasksCompared() + " tasks in both runs changed its pass count";
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "- Task changes (Fisher, %s-adjusted over %d "
                + "tasks; %d significant): ", g.correction(), g.tasksCompared(), g.significantTasks()));
        appendChanges(s, g.taskChanges());
        return s.toString();
    }

    private static void appendChanges(StringBuilder s, List<RunReport.TaskChange> changes) {
        int shown = Math.min(5, changes.size());
        for (int i = 0; i < shown; i++) {
            RunReport.TaskChange c = changes.get(i);
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %d/%d -> %d/%d p=%.3g (adj. %.3g)%s",
                    c.task(), c.baselinePasses(), c.baselineAttempts(), c.passes(), c.attempts(), c.pValue(),
                    c.adjustedPValue(), c.significantAdjusted() ? " *" : ""));
        }
        if (changes.size() > shown) {
            s.append(", ... (").append(changes.size()).append(" in all)");
        }
    }

    static String leaderboard(RunReport.Matrix m) {
        StringBuilder s = new StringBuilder("| # | configuration | agent | model | pass rate (95% CI) | pass@k | "
                + "cost/trial | tokens | duration p50 |\n|---|---|---|---|---|---|---|---|---|\n");
        for (RunReport.ConfigurationSummary c : m.leaderboard()) {
            StringBuilder passAtK = new StringBuilder();
            for (int k : ReportView.passAtKTable(c.passAtK().keySet())) {
                passAtK.append(passAtK.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "@%d %.3f", k,
                        c.passAtK().get(k)));
            }
            s.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.1f%% (%.1f-%.1f%%) | %s | %s | %,d | %s |%n",
                    c.rank(), c.configuration(), c.agent(), c.model() == null ? "-" : c.model(), 100 * c.passRate(),
                    100 * c.passRateCi95()[0], 100 * c.passRateCi95()[1], passAtK,
                    c.costPerTrialUsd() == null ? "-" : String.format(Locale.ROOT, "$%.4f", c.costPerTrialUsd()),
                    c.inputTokens() + c.outputTokens(), duration(c.durationP50Ms())));
        }
        return s.toString();
    }

    static String pairs(RunReport.Matrix m) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "- Pairs (sign test over tasks, %s-adjusted; "
                + "per task Fisher, adjusted over %d tests):", m.correction(), m.testsInFamily()));
        for (RunReport.PairComparison p : m.pairs()) {
            s.append(String.format(Locale.ROOT, " %s vs %s %+.1f pp, better on %d vs %d tasks, p=%.3g (adj. %.3g)%s, "
                            + "%d tasks significant;", p.b(), p.a(), 100 * p.passRateDelta(), p.bBetter(), p.aBetter(),
                    p.signTestP(), p.signTestAdjustedP(), p.significant() ? " *" : "", p.significantTasks()));
        }
        s.setLength(s.length() - 1);
        return s.toString();
    }

    static String trend(RunReport.Trend t) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "- Trend over the last %d completed runs:",
                t.runs().size()));
        for (RunReport.TrendPoint p : t.runs()) {
            s.append(String.format(Locale.ROOT, " %.1f%%", 100 * p.passRate()));
        }
        s.append(t.flakyTasks().isEmpty() ? "; no flaky tasks" : "; flaky tasks: ");
        for (int i = 0; i < Math.min(5, t.flakyTasks().size()); i++) {
            RunReport.FlakyTask f = t.flakyTasks().get(i);
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s (%d flips in %d runs, %.0f%%)",
                    f.task(), f.flips(), f.runs(), 100 * f.flipRate()));
        }
        return s.toString();
    }

    /** One line: the verdict against the previous completed run of the spec. */
    static String regression(RunReport.Regression g) {
        if (g == null) {
            return "- Regression: no earlier completed run of this spec to compare with";
        }
        return String.format(Locale.ROOT, "- Regression vs run %d (%s): **%s** - pass rate %.1f%% -> %.1f%% "
                        + "(%+.1f pp, z-test p=%.3g); %d of %d tasks flipped (%d passed->failed, %d failed->passed); "
                        + "cost %s$%.2f; wall time %s", g.baselineJobExecutionId(), g.baselineRun(), g.verdict(),
                100 * g.baselinePassRate(), 100 * (g.baselinePassRate() + g.passRateDelta()),
                100 * g.passRateDelta(), g.pValue(), g.flippedToFailed() + g.flippedToPassed(), g.tasksCompared(),
                g.flippedToFailed(), g.flippedToPassed(), g.costDeltaUsd() < 0 ? "-" : "+",
                Math.abs(g.costDeltaUsd()), signedDuration(g.wallTimeDeltaMs()))
                + (g.configurationDrift() == null || g.configurationDrift().isEmpty() ? ""
                        : "; **configuration drift**: " + String.join("; ", g.configurationDrift()))
                + (g.withheldReason() == null ? "" : "\n  - verdict withheld: " + g.withheldReason());
    }

    static String signedDuration(Long ms) {
        if (ms == null) {
            return "-";
        }
        return (ms < 0 ? "-" : "+") + duration(Math.abs(ms));
    }

    private static String classes(Map<String, Integer> byClass) {
        StringBuilder s = new StringBuilder();
        byClass.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return s.toString();
    }

    static String duration(Long ms) {
        if (ms == null) {
            return "-";
        }
        Duration d = Duration.ofMillis(ms);
        if (d.toHours() > 0) {
            return String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
        }
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
