package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a run with its baseline (the previous completed run of the same spec, or any run given to
 * {@code report --compare}): the overall pass rate with a two-proportion z-test and every task's pass count with
 * Fisher's exact test (two-sided), Benjamini-Hochberg adjusted over the tasks compared ({@link TaskComparisons}), at
 * {@link #ALPHA}. When either run is below its validity gate the verdict is withheld ("not comparable", with the
 * reason); the figures are still given.
 */
public class RegressionAnalysis {

    public static final double ALPHA = 0.05;
    public static final String BETTER = "better";
    public static final String WORSE = "worse";
    public static final String NO_CHANGE = "no significant change";
    public static final String NOT_COMPARABLE = "not comparable";
    public static final String TO_FAILED = "passed→failed";
    public static final String TO_PASSED = "failed→passed";

    public RunReport.Regression compare(RunReport current, RunReport baseline, String baselineRun) {
        RewardStatistics.ZTest test = RewardStatistics.twoProportionZ(current.passed(), current.trials(),
                baseline.passed(), baseline.trials());
        double delta = current.passRate() - baseline.passRate();
        String withheld = withheld(current, baseline, baselineRun);
        String verdict = withheld != null ? NOT_COMPARABLE
                : test.pValue() < ALPHA && current.trials() > 0 && baseline.trials() > 0
                ? (delta > 0 ? BETTER : WORSE) : NO_CHANGE;
        Map<String, RunReport.TaskSummary> before = byTask(baseline);
        Map<String, RunReport.TaskSummary> now = byTask(current);
        TaskComparisons.Comparison tests = TaskComparisons.compare(tallies(before), tallies(now), ALPHA);
        List<RunReport.TaskChange> changes = TaskComparisons.adjust(List.of(tests), ALPHA).get(0);
        List<String> added = now.keySet().stream().filter(k -> !before.containsKey(k)).sorted().toList();
        List<String> dropped = before.keySet().stream().filter(k -> !now.containsKey(k)).sorted().toList();
        return new RunReport.Regression(baseline.jobExecutionId(), baseline.jobInstanceId(), baselineRun,
                baseline.trials(), baseline.passed(), baseline.passRate(), delta, test.z(), test.pValue(), ALPHA,
                verdict, baseline.meanReward(), current.meanReward() - baseline.meanReward(), baseline.costUsd(),
                current.costUsd() - baseline.costUsd(), baseline.wallTimeMs(),
                minus(current.wallTimeMs(), baseline.wallTimeMs()), baseline.durationP50Ms(),
                minus(current.durationP50Ms(), baseline.durationP50Ms()), tests.compared(),
                (int) changes.stream().filter(c -> TO_FAILED.equals(c.flip())).count(),
                (int) changes.stream().filter(c -> TO_PASSED.equals(c.flip())).count(), changes, added, dropped,
                withheld, TaskComparisons.CORRECTION,
                (int) changes.stream().filter(RunReport.TaskChange::significantAdjusted).count(),
                ConfigurationDrift.between(current.provenance(), baseline.provenance()));
    }

    /** Why no verdict can be given (a run below its validity gate), or null. */
    private static String withheld(RunReport current, RunReport baseline, String baselineRun) {
        List<String> reasons = new ArrayList<>();
        if (current.coverage() != null && !current.coverage().comparable()) {
            reasons.add("this run: " + current.coverage().reason());
        }
        if (baseline.coverage() != null && !baseline.coverage().comparable()) {
            reasons.add("baseline run " + baseline.jobExecutionId() + " (" + baselineRun + "): "
                    + baseline.coverage().reason());
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    static Map<String, TaskComparisons.Tally> tallies(Map<String, RunReport.TaskSummary> tasks) {
        Map<String, TaskComparisons.Tally> tallies = new TreeMap<>();
        tasks.forEach((k, t) -> tallies.put(k, new TaskComparisons.Tally(t.attempts(), t.passes())));
        return tallies;
    }

    private static Map<String, RunReport.TaskSummary> byTask(RunReport r) {
        return r.tasks().stream().collect(Collectors.toMap(RunReport.TaskSummary::task, Function.identity()));
    }

    private static Long minus(Long a, Long b) {
        return a == null || b == null ? null : a - b;
    }
}
