package io.benchfleet.manager.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Computes a {@link RunReport} from a run's trial rows. */
public class RunReportBuilder {

    public RunReport build(String spec, long jobInstanceId, long jobExecutionId, String runStatus, Instant startedAt,
            int plannedPartitions, List<TrialRow> rows, Instant now) {
        return build(spec, jobInstanceId, jobExecutionId, runStatus, startedAt, plannedPartitions, rows, List.of(),
                now);
    }

    /** @param missingKeys planned partitions without a result row, in key order */
    public RunReport build(String spec, long jobInstanceId, long jobExecutionId, String runStatus, Instant startedAt,
            int plannedPartitions, List<TrialRow> rows, List<String> missingKeys, Instant now) {
        return build(spec, jobInstanceId, jobExecutionId, runStatus, startedAt, plannedPartitions, rows, missingKeys,
                now, ReportSettings.DEFAULTS);
    }

    /** @param settings the run's validity gate (and trend window, used by the generator) */
    public RunReport build(String spec, long jobInstanceId, long jobExecutionId, String runStatus, Instant startedAt,
            int plannedPartitions, List<TrialRow> rows, List<String> missingKeys, Instant now,
            ReportSettings settings) {
        int trials = rows.size();
        int passed = (int) rows.stream().filter(TrialRow::passed).count();
        int scored = (int) rows.stream().filter(r -> r.reward() != null).count();
        double rewardSum = rows.stream().map(TrialRow::reward).filter(Objects::nonNull).mapToDouble(d -> d).sum();
        Map<String, List<TrialRow>> byTask = rows.stream()
                .collect(Collectors.groupingBy(TrialRow::subject, TreeMap::new, Collectors.toList()));
        List<Long> durations = rows.stream().map(TrialRow::durationMs).filter(Objects::nonNull).sorted().toList();
        Instant lastFinished = rows.stream().map(TrialRow::finishedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Instant firstStarted = rows.stream().map(TrialRow::startedAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return new RunReport(RunReport.SCHEMA_VERSION, spec, jobInstanceId, jobExecutionId, runStatus, now,
                startedAt, lastFinished, plannedPartitions, trials, Math.max(0, plannedPartitions - trials), scored,
                passed, trials == 0 ? 0 : rewardSum / trials, trials == 0 ? 0 : (double) passed / trials,
                RewardStatistics.wilson(passed, trials, RewardStatistics.Z95), passAtK(byTask),
                countByClass(rows), sum(rows, TrialRow::inputTokens), sum(rows, TrialRow::cacheTokens),
                sum(rows, TrialRow::outputTokens),
                rows.stream().map(TrialRow::costUsd).filter(Objects::nonNull).mapToDouble(d -> d).sum(),
                RewardStatistics.percentile(durations, 0.5), RewardStatistics.percentile(durations, 0.95),
                wallTimeMs(startedAt, firstStarted, lastFinished),
                tasks(byTask), failures(rows), List.copyOf(missingKeys), fleet(rows),
                CoverageGate.of(rows, Math.max(plannedPartitions, trials), settings.minCoverage()),
                PhaseTimings.of(rows), MatrixAnalysis.of(rows), null, null, RunProvenance.NONE);
    }

    /**
     * A run's wall time: from its start to its last trial's end. A restarted run keeps trials from before its latest
     * execution started, so it starts with the earliest of them when that is earlier; null when either end is unknown.
     */
    static Long wallTimeMs(Instant runStarted, Instant firstTrialStarted, Instant lastFinished) {
        if (runStarted == null || lastFinished == null) {
            return null;
        }
        Instant from = firstTrialStarted != null && firstTrialStarted.isBefore(runStarted) ? firstTrialStarted
                : runStarted;
        return lastFinished.toEpochMilli() - from.toEpochMilli();
    }

    static RunReport.Fleet fleet(List<TrialRow> rows) {
        List<TrialRow> timed = rows.stream().filter(r -> r.startedAt() != null && r.finishedAt() != null).toList();
        int hosts = (int) rows.stream().map(TrialRow::host).filter(Objects::nonNull).distinct().count();
        if (timed.isEmpty()) {
            return new RunReport.Fleet(hosts, null, null, null);
        }
        long first = timed.stream().mapToLong(r -> r.startedAt().toEpochMilli()).min().orElseThrow();
        long last = timed.stream().mapToLong(r -> r.finishedAt().toEpochMilli()).max().orElseThrow();
        long span = last - first;
        if (span <= 0) {
            return new RunReport.Fleet(hosts, span, null, null);
        }
        long busy = timed.stream().mapToLong(r -> Math.max(0, r.finishedAt().toEpochMilli()
                - r.startedAt().toEpochMilli())).sum();
        Map<String, List<TrialRow>> byHost = timed.stream().collect(Collectors.groupingBy(
                r -> r.host() == null ? "" : r.host(), TreeMap::new, Collectors.toList()));
        double busyFractionSum = 0;
        for (List<TrialRow> hostRows : byHost.values()) {
            busyFractionSum += (double) unionMs(hostRows) / span;
        }
        return new RunReport.Fleet(hosts, span, round4((double) busy / span), round4(busyFractionSum / byHost.size()));
    }

    /** Milliseconds covered by at least one of the trials' [start, finish] intervals. */
    private static long unionMs(List<TrialRow> rows) {
        List<long[]> intervals = rows.stream().map(r -> new long[] {r.startedAt().toEpochMilli(),
                r.finishedAt().toEpochMilli()}).sorted(Comparator.comparingLong(a -> a[0])).toList();
        long covered = 0;
        long curStart = Long.MIN_VALUE;
        long curEnd = Long.MIN_VALUE;
        for (long[] iv : intervals) {
            if (iv[0] > curEnd) {
                if (curEnd > curStart) {
                    covered += curEnd - curStart;
                }
                curStart = iv[0];
                curEnd = iv[1];
            } else {
                curEnd = Math.max(curEnd, iv[1]);
            }
        }
        if (curEnd > curStart) {
            covered += curEnd - curStart;
        }
        return covered;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** pass@k for k = 1..most attempts: the unbiased estimator, averaged over the tasks with at least k trials. */
    static Map<Integer, Double> passAtK(Map<String, List<TrialRow>> byTask) {
        int maxAttempts = byTask.values().stream().mapToInt(List::size).max().orElse(0);
        Map<Integer, Double> result = new LinkedHashMap<>();
        for (int k = 1; k <= maxAttempts; k++) {
            double sum = 0;
            int tasks = 0;
            for (List<TrialRow> taskRows : byTask.values()) {
                int n = taskRows.size();
                if (n >= k) {
                    int c = (int) taskRows.stream().filter(TrialRow::passed).count();
                    sum += RewardStatistics.passAtK(n, c, k);
                    tasks++;
                }
            }
            result.put(k, tasks == 0 ? 0 : sum / tasks);
        }
        return result;
    }

    private static Map<String, Integer> countByClass(List<TrialRow> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.stream().filter(r -> !"NONE".equals(r.failureClass()))
                .forEach(r -> counts.merge(r.failureClass(), 1, Integer::sum));
        return counts;
    }

    private static long sum(List<TrialRow> rows, java.util.function.Function<TrialRow, Long> field) {
        return rows.stream().map(field).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }

    private static List<RunReport.TaskSummary> tasks(Map<String, List<TrialRow>> byTask) {
        List<RunReport.TaskSummary> tasks = new ArrayList<>();
        byTask.forEach((task, rows) -> {
            int passes = (int) rows.stream().filter(TrialRow::passed).count();
            double reward = rows.stream().map(TrialRow::reward).filter(Objects::nonNull).mapToDouble(d -> d).sum();
            List<Long> durations = rows.stream().map(TrialRow::durationMs).filter(Objects::nonNull).toList();
            Long meanDuration = durations.isEmpty() ? null
                    : Math.round(durations.stream().mapToLong(Long::longValue).average().orElse(0));
            tasks.add(new RunReport.TaskSummary(task, rows.size(), passes, (double) passes / rows.size(),
                    reward / rows.size(), meanDuration, countByClass(rows)));
        });
        return tasks;
    }

    private static List<RunReport.FailedTrial> failures(List<TrialRow> rows) {
        return rows.stream().filter(r -> !"NONE".equals(r.failureClass()))
                .map(r -> new RunReport.FailedTrial(r.partitionKey(), r.failureClass(), r.exceptionType(),
                        r.exceptionMessage(), r.host(), r.artifactUri()))
                .toList();
    }
}
