package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a run with its baseline (the previous completed run of the same spec): the overall pass rate with a
 * two-proportion z-test and every task's pass count with Fisher's exact test (two-sided), at {@link #ALPHA}.
 */
public class RegressionAnalysis {

    public static final double ALPHA = 0.05;
    public static final String BETTER = "better";
    public static final String WORSE = "worse";
    public static final String NO_CHANGE = "no significant change";
    public static final String TO_FAILED = "passed→failed";
    public static final String TO_PASSED = "failed→passed";

    public RunReport.Regression compare(RunReport current, RunReport baseline, String baselineRun) {
        RewardStatistics.ZTest test = RewardStatistics.twoProportionZ(current.passed(), current.trials(),
                baseline.passed(), baseline.trials());
        double delta = current.passRate() - baseline.passRate();
        String verdict = test.pValue() < ALPHA && current.trials() > 0 && baseline.trials() > 0
                ? (delta > 0 ? BETTER : WORSE) : NO_CHANGE;
        Map<String, RunReport.TaskSummary> before = byTask(baseline);
        Map<String, RunReport.TaskSummary> now = byTask(current);
        List<RunReport.TaskChange> changes = new ArrayList<>();
        int compared = 0;
        for (RunReport.TaskSummary t : current.tasks()) {
            RunReport.TaskSummary b = before.get(t.task());
            if (b == null) {
                continue;
            }
            compared++;
            if (b.passes() * t.attempts() == t.passes() * b.attempts()) {
                continue; // same pass rate
            }
            double p = RewardStatistics.fisherExactTwoSided(b.passes(), b.attempts() - b.passes(), t.passes(),
                    t.attempts() - t.passes());
            boolean wasPassing = 2 * b.passes() >= b.attempts();
            boolean isPassing = 2 * t.passes() >= t.attempts();
            String flip = wasPassing == isPassing ? null : (wasPassing ? TO_FAILED : TO_PASSED);
            changes.add(new RunReport.TaskChange(t.task(), b.attempts(), b.passes(), t.attempts(), t.passes(),
                    t.passRate() - b.passRate(), flip, p, p < ALPHA));
        }
        changes.sort(Comparator.comparingDouble(RunReport.TaskChange::pValue)
                .thenComparing(RunReport.TaskChange::task));
        List<String> added = now.keySet().stream().filter(k -> !before.containsKey(k)).sorted().toList();
        List<String> dropped = before.keySet().stream().filter(k -> !now.containsKey(k)).sorted().toList();
        return new RunReport.Regression(baseline.jobExecutionId(), baseline.jobInstanceId(), baselineRun,
                baseline.trials(), baseline.passed(), baseline.passRate(), delta, test.z(), test.pValue(), ALPHA,
                verdict, baseline.meanReward(), current.meanReward() - baseline.meanReward(), baseline.costUsd(),
                current.costUsd() - baseline.costUsd(), baseline.wallTimeMs(),
                minus(current.wallTimeMs(), baseline.wallTimeMs()), baseline.durationP50Ms(),
                minus(current.durationP50Ms(), baseline.durationP50Ms()), compared,
                (int) changes.stream().filter(c -> TO_FAILED.equals(c.flip())).count(),
                (int) changes.stream().filter(c -> TO_PASSED.equals(c.flip())).count(), changes, added, dropped,
                ConfigurationDrift.between(current.provenance(), baseline.provenance()));
    }

    private static Map<String, RunReport.TaskSummary> byTask(RunReport r) {
        return r.tasks().stream().collect(Collectors.toMap(RunReport.TaskSummary::task, Function.identity()));
    }

    private static Long minus(Long a, Long b) {
        return a == null || b == null ? null : a - b;
    }
}
