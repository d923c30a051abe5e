package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The leaderboard of a matrix run and its pairwise comparisons (see {@link RunReport.Matrix}): each configuration's
 * pass rate with its Wilson interval, pass@k, cost, tokens and durations; each pair of configurations task by task
 * (Fisher, BH-adjusted over every per-task test of every pair) and overall by the sign test over the tasks where they
 * differ (Commons Statistics' binomial test, BH-adjusted over the pairs).
 */
final class MatrixAnalysis {

    private MatrixAnalysis() {
    }

    /** The matrix section of a run's rows; null when no row belongs to a configuration (a spec of one agent). */
    static RunReport.Matrix of(List<TrialRow> rows) {
        if (rows.stream().allMatch(r -> r.configuration() == null)) {
            return null;
        }
        Map<String, List<TrialRow>> byConfiguration = rows.stream().filter(r -> r.configuration() != null)
                .collect(Collectors.groupingBy(TrialRow::configuration, TreeMap::new, Collectors.toList()));
        List<RunReport.ConfigurationSummary> unranked = new ArrayList<>();
        Map<String, Map<String, TaskComparisons.Tally>> tallies = new TreeMap<>();
        byConfiguration.forEach((name, configRows) -> {
            unranked.add(summary(name, configRows));
            tallies.put(name, tallyByTask(configRows));
        });
        List<RunReport.ConfigurationSummary> board = new ArrayList<>(unranked);
        board.sort(Comparator.comparingDouble(RunReport.ConfigurationSummary::passRate).reversed()
                .thenComparing(RunReport.ConfigurationSummary::configuration));
        List<RunReport.ConfigurationSummary> leaderboard = new ArrayList<>();
        for (int i = 0; i < board.size(); i++) {
            RunReport.ConfigurationSummary c = board.get(i);
            leaderboard.add(new RunReport.ConfigurationSummary(i + 1, c.configuration(), c.agent(), c.model(),
                    c.trials(), c.scored(), c.passed(), c.passRate(), c.passRateCi95(), c.passAtK(), c.costUsd(),
                    c.costPerTrialUsd(), c.inputTokens(), c.outputTokens(), c.durationP50Ms(), c.durationP95Ms()));
        }
        // pairs in leaderboard order: the better-ranked configuration is a, the other b
        List<String[]> pairs = new ArrayList<>();
        List<TaskComparisons.Comparison> family = new ArrayList<>();
        for (int i = 0; i < leaderboard.size(); i++) {
            for (int j = i + 1; j < leaderboard.size(); j++) {
                String a = leaderboard.get(i).configuration();
                String b = leaderboard.get(j).configuration();
                pairs.add(new String[] {a, b});
                family.add(TaskComparisons.compare(tallies.get(a), tallies.get(b), RegressionAnalysis.ALPHA));
            }
        }
        List<List<RunReport.TaskChange>> adjusted = TaskComparisons.adjust(family, RegressionAnalysis.ALPHA);
        double[] signP = new double[pairs.size()];
        int[][] wins = new int[pairs.size()][];
        for (int k = 0; k < pairs.size(); k++) {
            wins[k] = wins(tallies.get(pairs.get(k)[0]), tallies.get(pairs.get(k)[1]));
            signP[k] = RewardStatistics.signTest(wins[k][0], wins[k][1]);
        }
        double[] signAdjusted = pairs.isEmpty() ? signP : RewardStatistics.benjaminiHochberg(signP, signP.length);
        Map<String, RunReport.ConfigurationSummary> byName = leaderboard.stream().collect(Collectors.toMap(
                RunReport.ConfigurationSummary::configuration, c -> c));
        List<RunReport.PairComparison> comparisons = new ArrayList<>();
        for (int k = 0; k < pairs.size(); k++) {
            RunReport.ConfigurationSummary a = byName.get(pairs.get(k)[0]);
            RunReport.ConfigurationSummary b = byName.get(pairs.get(k)[1]);
            List<RunReport.TaskChange> changes = adjusted.get(k);
            comparisons.add(new RunReport.PairComparison(a.configuration(), b.configuration(), a.passRate(),
                    b.passRate(), b.passRate() - a.passRate(), family.get(k).compared(), wins[k][0], wins[k][1],
                    signP[k], signAdjusted[k], signAdjusted[k] < RegressionAnalysis.ALPHA,
                    (int) changes.stream().filter(RunReport.TaskChange::significantAdjusted).count(), changes));
        }
        return new RunReport.Matrix(leaderboard, comparisons, TaskComparisons.CORRECTION,
                family.stream().mapToInt(TaskComparisons.Comparison::compared).sum());
    }

    /** {b better, a better}: the tasks in both where b's pass rate is higher, and where a's is. */
    private static int[] wins(Map<String, TaskComparisons.Tally> a, Map<String, TaskComparisons.Tally> b) {
        int bBetter = 0;
        int aBetter = 0;
        for (Map.Entry<String, TaskComparisons.Tally> e : b.entrySet()) {
            TaskComparisons.Tally ta = a.get(e.getKey());
            TaskComparisons.Tally tb = e.getValue();
            if (ta == null || ta.attempts() == 0 || tb.attempts() == 0) {
                continue;
            }
            long cmp = (long) tb.passes() * ta.attempts() - (long) ta.passes() * tb.attempts();
            if (cmp > 0) {
                bBetter++;
            } else if (cmp < 0) {
                aBetter++;
            }
        }
        return new int[] {bBetter, aBetter};
    }

    private static Map<String, TaskComparisons.Tally> tallyByTask(List<TrialRow> rows) {
        Map<String, TaskComparisons.Tally> tallies = new TreeMap<>();
        rows.stream().collect(Collectors.groupingBy(TrialRow::task, TreeMap::new, Collectors.toList()))
                .forEach((task, taskRows) -> tallies.put(task, new TaskComparisons.Tally(taskRows.size(),
                        (int) taskRows.stream().filter(TrialRow::passed).count())));
        return tallies;
    }

    private static RunReport.ConfigurationSummary summary(String name, List<TrialRow> rows) {
        int trials = rows.size();
        int passed = (int) rows.stream().filter(TrialRow::passed).count();
        double cost = rows.stream().map(TrialRow::costUsd).filter(Objects::nonNull).mapToDouble(d -> d).sum();
        List<Long> durations = rows.stream().map(TrialRow::durationMs).filter(Objects::nonNull).sorted().toList();
        String agent = rows.stream().map(TrialRow::agent).filter(Objects::nonNull).findFirst().orElse(null);
        String model = rows.stream().map(TrialRow::model).filter(Objects::nonNull).findFirst().orElse(null);
        Map<String, List<TrialRow>> byTask = rows.stream()
                .collect(Collectors.groupingBy(TrialRow::task, TreeMap::new, Collectors.toList()));
        return new RunReport.ConfigurationSummary(0, name, agent, model, trials,
                (int) rows.stream().filter(TrialRow::scored).count(), passed,
                trials == 0 ? 0 : (double) passed / trials, RewardStatistics.wilson(passed, trials, RewardStatistics.Z95),
                RunReportBuilder.passAtK(byTask), cost, trials == 0 ? null : cost / trials,
                rows.stream().map(TrialRow::inputTokens).filter(Objects::nonNull).mapToLong(Long::longValue).sum(),
                rows.stream().map(TrialRow::outputTokens).filter(Objects::nonNull).mapToLong(Long::longValue).sum(),
                RewardStatistics.percentile(durations, 0.5), RewardStatistics.percentile(durations, 0.95));
    }
}
