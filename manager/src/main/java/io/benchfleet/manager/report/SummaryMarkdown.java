package io.benchfleet.manager.report;

import java.time.Duration;
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
        md.append("| pass@k | ");
        r.passAtK().keySet().forEach(k -> md.append("k=").append(k).append(" | "));
        md.append("\n|---|");
        r.passAtK().keySet().forEach(k -> md.append("---|"));
        md.append("\n| | ");
        r.passAtK().values().forEach(v -> md.append(String.format(Locale.ROOT, "%.3f | ", v)));
        md.append("\n\n");
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
        md.append(regression(r.regression())).append('\n');
        return md.toString();
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
                        : "; **configuration drift**: " + String.join("; ", g.configurationDrift()));
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
