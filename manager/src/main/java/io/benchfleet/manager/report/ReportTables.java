package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The report's per-task and per-configuration CSV files, RFC 4180 like {@code trials.csv}:
 * <ul>
 * <li>{@code comparisons.csv}: every per-task test of the report, one row each, with its raw and adjusted p-value:
 * the regression ({@code comparison} = {@code regression}, a = the baseline run, b = this run) and a matrix run's
 * pairs ({@code pair}, a and b the configurations);</li>
 * <li>{@code leaderboard.csv}: a matrix run's configurations by rank (only the header for a spec of one agent).</li>
 * </ul>
 */
final class ReportTables {

    static final List<String> COMPARISON_HEADER = List.of("comparison", "a", "b", "task", "a_attempts", "a_passes",
            "b_attempts", "b_passes", "pass_rate_delta", "flip", "p_value", "adjusted_p_value", "correction",
            "significant_adjusted");

    static final List<String> LEADERBOARD_HEADER = List.of("rank", "configuration", "agent", "model", "trials",
            "scored", "passed", "pass_rate", "ci95_low", "ci95_high", "pass_at_1", "pass_at_max", "max_k", "cost_usd",
            "cost_per_trial_usd", "input_tokens", "output_tokens", "duration_p50_ms", "duration_p95_ms");

    private ReportTables() {
    }

    static String comparisons(RunReport r) {
        List<List<?>> rows = new ArrayList<>();
        RunReport.Regression g = r.regression();
        if (g != null) {
            String baseline = "run " + g.baselineJobExecutionId() + (g.baselineRun() == null ? ""
                    : " (" + g.baselineRun() + ")");
            g.taskChanges().forEach(c -> rows.add(row("regression", baseline, "run " + r.jobExecutionId(), c,
                    g.correction())));
        }
        if (r.matrix() != null) {
            r.matrix().pairs().forEach(p -> p.taskChanges().forEach(c -> rows.add(row("pair", p.a(), p.b(), c,
                    r.matrix().correction()))));
        }
        return TrialsCsv.table(COMPARISON_HEADER, rows);
    }

    private static List<?> row(String comparison, String a, String b, RunReport.TaskChange c, String correction) {
        return Arrays.asList(comparison, a, b, c.task(), c.baselineAttempts(), c.baselinePasses(), c.attempts(),
                c.passes(), c.passRateDelta(), c.flip(), c.pValue(), c.adjustedPValue(), correction,
                c.significantAdjusted());
    }

    static String leaderboard(RunReport r) {
        List<List<?>> rows = new ArrayList<>();
        if (r.matrix() != null) {
            for (RunReport.ConfigurationSummary c : r.matrix().leaderboard()) {
                int maxK = c.passAtK().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                rows.add(Arrays.asList(c.rank(), c.configuration(), c.agent(), c.model(), c.trials(), c.scored(),
                        c.passed(), c.passRate(), c.passRateCi95()[0], c.passRateCi95()[1], c.passAtK().get(1),
                        c.passAtK().get(maxK), maxK == 0 ? null : maxK, c.costUsd(), c.costPerTrialUsd(),
                        c.inputTokens(), c.outputTokens(), c.durationP50Ms(), c.durationP95Ms()));
            }
        }
        return TrialsCsv.table(LEADERBOARD_HEADER, rows);
    }
}
