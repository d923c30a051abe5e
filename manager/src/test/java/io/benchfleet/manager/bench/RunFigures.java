package io.benchfleet.manager.bench;

import io.benchfleet.manager.run.RunContextKeys;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import java.util.function.ToLongFunction;

import io.benchfleet.jobdefs.workload.TrialDurations;
import io.benchfleet.manager.job.BenchmarkJobConfiguration;
import io.benchfleet.manager.partition.RepositoryPollingPartitionHandler;
import io.benchfleet.manager.report.RewardStatistics;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one benchmark run measured, read back from the job repository after it finished.
 *
 * <p>Definitions (all in the benchmark's scaled time):
 * <ul>
 * <li>makespan: the job's start (the launcher accepted the run) to the last partition's end (its result committed);</li>
 * <li>lower bound: max(longest trial, total trial time / total slots) of the workload;</li>
 * <li>list schedule: the zero-overhead makespan of the same dispatch order on the same slots;</li>
 * <li>per-partition overhead: the step's wall time minus its trial's time (claim, start, result, commit), plus the
 * time from its request being sent to its trial starting when a slot was free for it (one wave), or from a slot being
 * freed to the next trial starting on it (slot turnaround, when requests wait for slots). A request's send time is
 * interpolated over the enqueue window in dispatch order (requests go out in order, ten per batch).</li>
 * </ul>
 */
record RunFigures(int partitions, int completed, int hosts, long planningMs, long enqueueMs, long makespanMs,
        long lowerBoundMs, long listScheduleMs, long noticedAfterMs, Long workerOverheadP50, Long workerOverheadP95,
        Long startLatencyP50, Long startLatencyP95, Long turnaroundP50, Long turnaroundP95, double statementsPerSecond,
        long statements, long dispatchStatements, LastToFinish last) {

    /**
     * The partition that ended last - the makespan's critical path - in milliseconds after the job's start: its place
     * in dispatch order, when its request was sent (interpolated), when a slot of its host last freed before it
     * started (-1: none, it started on a slot free from the outset), when its step started, when its trial started and
     * ended as its result row says (the executor's own clock), and when its step ended.
     */
    record LastToFinish(String key, String host, int position, long sentMs, long freedMs, long startedMs,
            long trialStartedMs, long trialEndedMs, long endedMs) {
    }

    double ratio() {
        return (double) makespanMs / lowerBoundMs;
    }

    static RunFigures read(JdbcTemplate jdbc, JobRepository repository, long jobExecutionId,
            TrialDurations scaledWorkload, int totalSlots) {
        JobExecution job = repository.getJobExecution(jobExecutionId);
        StepExecution manager = job.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals(BenchmarkJobConfiguration.PARTITION_STEP)).findFirst()
                .orElseThrow(() -> new IllegalStateException("run " + jobExecutionId + " has no partition step"));
        ExecutionContext context = manager.getExecutionContext();
        long jobStart = millis(job.getStartTime());
        long dispatchStart = context.getLong(RunContextKeys.DISPATCH_STARTED_AT);
        // with streamed dispatch, requests go out while the partitions are being created: "enqueue" spans both
        long enqueue = context.getLong(RunContextKeys.ENQUEUE_MILLIS);
        long statements = context.getLong(RunContextKeys.SUPERVISION_STATEMENTS, 0L);
        long dispatchStatements = context.getLong(RunContextKeys.DISPATCH_STATEMENTS, 0L);
        long supervised = Math.max(1, context.getLong(RunContextKeys.SUPERVISION_MILLIS, 1L));

        record Row(String key, String status, long start, long end, long trialMs, String host, long trialStart,
                long trialEnd) {
        }
        List<Row> rows = new ArrayList<>();
        jdbc.query("""
                SELECT s.step_name, s.status, s.start_time, s.end_time, r.duration_ms, r.host, r.started_at, r.finished_at
                  FROM batch_step_execution s LEFT JOIN trial_result r ON r.step_execution_id = s.step_execution_id
                 WHERE s.job_execution_id = ? AND s.step_name LIKE 'trial:%'
                 ORDER BY s.step_execution_id""", rs -> {
            Timestamp start = rs.getTimestamp("start_time");
            Timestamp end = rs.getTimestamp("end_time");
            rows.add(new Row(rs.getString("step_name").substring("trial:".length()), rs.getString("status"),
                    start == null ? 0 : millis(start), end == null ? 0 : millis(end), rs.getLong("duration_ms"),
                    rs.getString("host"), millisOrZero(rs.getTimestamp("started_at")),
                    millisOrZero(rs.getTimestamp("finished_at"))));
        }, jobExecutionId);
        if (rows.isEmpty()) {
            throw new IllegalStateException("run " + jobExecutionId + " has no partitions");
        }
        int n = rows.size();
        List<Duration> inDispatchOrder = new ArrayList<>();
        Map<String, List<Row>> byHost = new HashMap<>();
        long lastEnd = 0;
        int lastIndex = 0;
        int completed = 0;
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            inDispatchOrder.add(scaledWorkload.of(r.key()).orElseThrow(() -> new IllegalStateException(
                    "partition " + r.key() + " is not in the workload")));
            if (r.host() != null) {
                byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r);
            }
            if (r.end() > lastEnd) {
                lastEnd = r.end();
                lastIndex = i;
            }
            completed += "COMPLETED".equals(r.status()) ? 1 : 0;
        }
        List<Long> workerSide = new ArrayList<>();
        List<Long> startLatency = new ArrayList<>();
        List<Long> turnaround = new ArrayList<>();
        boolean oneWave = totalSlots >= n;
        IntToLongFunction sentAt = i -> dispatchStart + enqueue * (i + 1) / n;
        // when a slot of its host last freed before it started; 0: none did (or no host)
        ToLongFunction<Row> slotFreedBefore = r -> r.host() == null ? 0 : byHost.get(r.host()).stream()
                .mapToLong(Row::end).filter(e -> e > 0 && e <= r.start()).max().orElse(0);
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            if (r.start() == 0 || r.end() == 0) {
                continue;
            }
            workerSide.add(r.end() - r.start() - r.trialMs());
            long sent = sentAt.applyAsLong(i);
            if (oneWave) {
                startLatency.add(Math.max(0, r.start() - sent));
            } else if (r.host() != null) {
                long freed = slotFreedBefore.applyAsLong(r);
                if (freed > sent) {
                    turnaround.add(r.start() - freed);
                }
            }
        }
        Row lastRow = rows.get(lastIndex);
        long lastFreed = slotFreedBefore.applyAsLong(lastRow);
        LastToFinish last = new LastToFinish(lastRow.key(), lastRow.host(), lastIndex + 1,
                sentAt.applyAsLong(lastIndex) - jobStart, lastFreed == 0 ? -1 : lastFreed - jobStart,
                lastRow.start() - jobStart, lastRow.trialStart() - jobStart, lastRow.trialEnd() - jobStart,
                lastRow.end() - jobStart);
        workerSide.sort(null);
        startLatency.sort(null);
        turnaround.sort(null);
        long managerEnd = manager.getEndTime() == null ? lastEnd : millis(manager.getEndTime());
        return new RunFigures(n, completed, byHost.size(), dispatchStart - jobStart, enqueue, lastEnd - jobStart,
                ListSchedule.lowerBound(inDispatchOrder, totalSlots).toMillis(),
                ListSchedule.greedy(inDispatchOrder, totalSlots).toMillis(), managerEnd - lastEnd,
                RewardStatistics.percentile(workerSide, 0.5), RewardStatistics.percentile(workerSide, 0.95),
                RewardStatistics.percentile(startLatency, 0.5), RewardStatistics.percentile(startLatency, 0.95),
                RewardStatistics.percentile(turnaround, 0.5), RewardStatistics.percentile(turnaround, 0.95),
                statements * 1000.0 / supervised, statements, dispatchStatements, last);
    }

    private static long millisOrZero(Timestamp ts) {
        return ts == null ? 0 : millis(ts);
    }

    private static long millis(Timestamp ts) {
        return ts.toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private static long millis(java.time.LocalDateTime t) {
        return t.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
}
