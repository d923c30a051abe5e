package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Per-task comparisons of two sets of pass counts (a run and its baseline, or two configurations of a matrix run):
 * Fisher's exact test (two-sided) for every task in both whose pass rate differs, then the Benjamini-Hochberg
 * adjustment over the whole family of tests. A task with the same pass rate in both is a test too (p = 1): it counts
 * in the family size but is not listed.
 *
 * <p>Why Benjamini-Hochberg rather than Holm: a report asks "which tasks should someone look at", a screening
 * question, and with 5-10 attempts per task Fisher's test is already weak; Holm (the family-wise error rate) would
 * leave almost nothing significant when tasks did change, while BH keeps the expected share of false stars among the
 * stars at alpha. When nothing changed at all (two runs of the same agent) every star is a false one, and BH then
 * bounds the chance of any star at alpha, as Holm does, which is what the unadjusted stars did not.
 */
final class TaskComparisons {

    static final String CORRECTION = "Benjamini-Hochberg";

    /** A task's attempts and passes. */
    record Tally(int attempts, int passes) {
    }

    /** The tests of one comparison: how many tasks were in both, and the changed ones (adjusted p not yet known). */
    record Comparison(int compared, List<RunReport.TaskChange> changes) {
    }

    private TaskComparisons() {
    }

    static Comparison compare(Map<String, Tally> baseline, Map<String, Tally> current, double alpha) {
        List<RunReport.TaskChange> changes = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, Tally> e : current.entrySet()) {
            Tally b = baseline.get(e.getKey());
            Tally t = e.getValue();
            if (b == null || b.attempts() == 0 || t.attempts() == 0) {
                continue;
            }
            compared++;
            if ((long) b.passes() * t.attempts() == (long) t.passes() * b.attempts()) {
                continue; // same pass rate
            }
            double p = RewardStatistics.fisherExactTwoSided(b.passes(), b.attempts() - b.passes(), t.passes(),
                    t.attempts() - t.passes());
            boolean wasPassing = 2 * b.passes() >= b.attempts();
            boolean isPassing = 2 * t.passes() >= t.attempts();
            String flip = wasPassing == isPassing ? null
                    : (wasPassing ? RegressionAnalysis.TO_FAILED : RegressionAnalysis.TO_PASSED);
            changes.add(new RunReport.TaskChange(e.getKey(), b.attempts(), b.passes(), t.attempts(), t.passes(),
                    (double) t.passes() / t.attempts() - (double) b.passes() / b.attempts(), flip, p, p < alpha,
                    Double.NaN, false));
        }
        return new Comparison(compared, changes);
    }

    /**
     * Each comparison's changes with their adjusted p-values, BH over the family of all tasks compared in all of
     * them, sorted by raw p-value, then task.
     */
    static List<List<RunReport.TaskChange>> adjust(List<Comparison> family, double alpha) {
        int m = family.stream().mapToInt(Comparison::compared).sum();
        double[] raw = family.stream().flatMap(c -> c.changes().stream())
                .mapToDouble(RunReport.TaskChange::pValue).toArray();
        double[] adjusted = m == 0 ? raw : RewardStatistics.benjaminiHochberg(raw, m);
        List<List<RunReport.TaskChange>> result = new ArrayList<>();
        int i = 0;
        for (Comparison c : family) {
            List<RunReport.TaskChange> changes = new ArrayList<>();
            for (RunReport.TaskChange t : c.changes()) {
                double adj = adjusted[i++];
                changes.add(new RunReport.TaskChange(t.task(), t.baselineAttempts(), t.baselinePasses(), t.attempts(),
                        t.passes(), t.passRateDelta(), t.flip(), t.pValue(), t.significant(), adj, adj < alpha));
            }
            changes.sort(Comparator.comparingDouble(RunReport.TaskChange::pValue)
                    .thenComparing(RunReport.TaskChange::task));
            result.add(changes);
        }
        return result;
    }
}
