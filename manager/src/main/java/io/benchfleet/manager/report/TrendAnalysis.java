package io.benchfleet.manager.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The trend of a spec over its last completed runs and this one (see {@link RunReport.Trend}): pass rate with its
 * Wilson interval, cost and wall time per run; and the flaky tasks, whose outcome (passing at least half of their
 * attempts, the line the regression's flips cross) changes between consecutive runs they were in.
 */
final class TrendAnalysis {

    /** One run as the trend sees it. */
    record RunResults(long jobExecutionId, long jobInstanceId, String run, Instant startedAt,
            Map<String, TaskComparisons.Tally> tallies, double costUsd, Long wallTimeMs, boolean current) {
    }

    private TrendAnalysis() {
    }

    /** @param runs oldest first, the current run last */
    static RunReport.Trend of(int window, List<RunResults> runs) {
        List<RunReport.TrendPoint> points = new ArrayList<>();
        for (RunResults r : runs) {
            int trials = r.tallies().values().stream().mapToInt(TaskComparisons.Tally::attempts).sum();
            int passed = r.tallies().values().stream().mapToInt(TaskComparisons.Tally::passes).sum();
            points.add(new RunReport.TrendPoint(r.jobExecutionId(), r.jobInstanceId(), r.run(), r.startedAt(), trials,
                    passed, trials == 0 ? 0 : (double) passed / trials,
                    RewardStatistics.wilson(passed, trials, RewardStatistics.Z95), r.costUsd(), r.wallTimeMs(),
                    r.current()));
        }
        return new RunReport.Trend(window, points, flaky(runs));
    }

    static List<RunReport.FlakyTask> flaky(List<RunResults> runs) {
        TreeSet<String> subjects = new TreeSet<>();
        runs.forEach(r -> subjects.addAll(r.tallies().keySet()));
        List<RunReport.FlakyTask> flaky = new ArrayList<>();
        for (String subject : subjects) {
            StringBuilder outcomes = new StringBuilder();
            Boolean previous = null;
            int present = 0;
            int flips = 0;
            for (RunResults r : runs) {
                TaskComparisons.Tally t = r.tallies().get(subject);
                if (t == null || t.attempts() == 0) {
                    outcomes.append('-');
                    continue;
                }
                boolean passing = 2 * t.passes() >= t.attempts();
                outcomes.append(passing ? 'P' : 'F');
                if (previous != null && previous != passing) {
                    flips++;
                }
                previous = passing;
                present++;
            }
            if (flips > 0) {
                flaky.add(new RunReport.FlakyTask(subject, present, flips,
                        Math.round(10_000.0 * flips / (present - 1)) / 10_000.0, outcomes.toString()));
            }
        }
        flaky.sort(Comparator.comparingDouble(RunReport.FlakyTask::flipRate).reversed()
                .thenComparing(Comparator.comparingInt(RunReport.FlakyTask::flips).reversed())
                .thenComparing(RunReport.FlakyTask::task));
        return flaky;
    }
}
