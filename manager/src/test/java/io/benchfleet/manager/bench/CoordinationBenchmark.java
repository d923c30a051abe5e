package io.benchfleet.manager.bench;

import io.benchfleet.manager.run.RunContextKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.benchfleet.manager.cli.ManagerRuntime;
import io.benchfleet.manager.it.CliRun;
import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.partition.RepositoryPollingPartitionHandler;
import io.benchfleet.manager.report.RewardStatistics;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Coordination benchmark (not a test): runs the 750-partition spec through the real local pipeline (ElasticMQ,
 * PostgreSQL, in-process workers) with enough slots that every partition can run at once, so what is measured is
 * coordination, not queueing for slots. Prints:
 * <ul>
 * <li>time to create the partitions (step executions) and to enqueue their messages;</li>
 * <li>per-partition coordination overhead, p50 and p95: message sent → step COMPLETED, minus the simulated trial
 * time. A message's send time is interpolated from the dispatch start and the batch rate (requests are sent in
 * order, in batches of ten);</li>
 * <li>worker-side overhead (step start → end minus trial time) and total wall time.</li>
 * </ul>
 * System properties: {@code bench.spec}, {@code bench.consumers} (3), {@code bench.slots} (250),
 * {@code bench.trialMedian} (5s).
 */
public final class CoordinationBenchmark {

    private CoordinationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String spec = System.getProperty("bench.spec", "../job-definitions/examples/terminal-bench-750.yaml");
        int consumers = Integer.getInteger("bench.consumers", 3);
        int slots = Integer.getInteger("bench.slots", 250);
        String trialMedian = System.getProperty("bench.trialMedian", "5s");
        Path stateDir = Files.createTempDirectory("benchfleet-bench");
        try (TestDatabase db = new TestDatabase()) {
            Map<String, Object> props = new HashMap<>(db.properties());
            props.put("benchfleet.worker.simulated.median-duration", trialMedian);
            props.put("benchfleet.worker.simulated.duration-sigma", "0.3");
            props.put("benchfleet.manager.poll-interval", "200ms");
            props.put("spring.datasource.hikari.maximum-pool-size", "16");
            long wallStart = System.nanoTime();
            CliRun run = CliRun.execute(db.env(), props, "--state-dir", stateDir.toString(), "run", "--spec", spec,
                    "--local", "--workers", Integer.toString(consumers), "--slots", Integer.toString(slots),
                    "--param", "runId=bench");
            long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
            if (run.exitCode() != 0) {
                System.err.println(run.out() + run.err());
                throw new IllegalStateException("benchmark run failed with exit code " + run.exitCode());
            }
            report(db, stateDir, run.jobExecutionId(), consumers, slots, trialMedian, wallMillis);
        }
    }

    private static void report(TestDatabase db, Path stateDir, long jobExecutionId, int consumers, int slots,
            String trialMedian, long wallMillis) {
        Map<String, Object> props = new HashMap<>(db.properties());
        ExecutionContext manager;
        long managerStart;
        try (ManagerRuntime runtime = ManagerRuntime.start(db.env(), stateDir, null, props)) {
            StepExecution step = runtime.bean(JobRepository.class).getJobExecution(jobExecutionId)
                    .getStepExecutions().stream().filter(s -> s.getStepName().equals("partitionStep")).findFirst()
                    .orElseThrow();
            manager = step.getExecutionContext();
            managerStart = step.getStartTime().atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        }
        long dispatchStart = manager.getLong(RunContextKeys.DISPATCH_STARTED_AT);
        long enqueueMillis = manager.getLong(RunContextKeys.ENQUEUE_MILLIS);
        List<Map<String, Object>> rows = db.jdbc().queryForList("""
                SELECT s.start_time, s.end_time, s.create_time, r.duration_ms, s.step_execution_id
                  FROM batch_step_execution s JOIN trial_result r ON r.step_execution_id = s.step_execution_id
                 WHERE s.job_execution_id = ? AND s.step_name LIKE 'trial:%' AND s.status = 'COMPLETED'""",
                jobExecutionId);
        Map<Long, Integer> order = new HashMap<>();
        db.jdbc().query("SELECT step_execution_id FROM batch_step_execution s JOIN trial_result r USING "
                        + "(step_execution_id) WHERE s.job_execution_id = ? ORDER BY r.partition_key",
                rs -> {
                    order.put(rs.getLong(1), order.size());
                }, jobExecutionId);
        long lastCreate = 0;
        List<Long> overhead = new ArrayList<>();
        List<Long> workerSide = new ArrayList<>();
        int n = rows.size();
        for (Map<String, Object> row : rows) {
            long end = millis(row.get("end_time"));
            long start = millis(row.get("start_time"));
            long trial = ((Number) row.get("duration_ms")).longValue();
            lastCreate = Math.max(lastCreate, millis(row.get("create_time")));
            // requests go out in dispatch order at a steady rate; without per-message timestamps the send time
            // of the i-th request is interpolated over the enqueue window (an upper bound of at most one window)
            int i = order.getOrDefault(((Number) row.get("step_execution_id")).longValue(), 0);
            long sent = dispatchStart + enqueueMillis * (i + 1) / Math.max(1, n);
            overhead.add(end - sent - trial);
            workerSide.add(end - start - trial);
        }
        overhead.sort(null);
        workerSide.sort(null);
        System.out.printf(Locale.ROOT, "%nbenchfleet coordination benchmark%n");
        System.out.printf(Locale.ROOT, "  partitions                 %d (%d consumers x %d slots, trial median %s)%n",
                n, consumers, slots, trialMedian);
        System.out.printf(Locale.ROOT, "  create step executions     %d ms%n", lastCreate - managerStart);
        System.out.printf(Locale.ROOT, "  enqueue %d requests       %d ms%n", n, enqueueMillis);
        System.out.printf(Locale.ROOT, "  overhead sent->COMPLETED   p50 %d ms, p95 %d ms (minus trial time)%n",
                RewardStatistics.percentile(overhead, 0.5), RewardStatistics.percentile(overhead, 0.95));
        System.out.printf(Locale.ROOT, "  worker-side step overhead  p50 %d ms, p95 %d ms%n",
                RewardStatistics.percentile(workerSide, 0.5), RewardStatistics.percentile(workerSide, 0.95));
        System.out.printf(Locale.ROOT, "  total wall time            %d ms (command start to exit, incl. JVM context"
                + " start)%n", wallMillis);
    }

    private static long millis(Object timestamp) {
        return ((Timestamp) timestamp).toLocalDateTime().atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
}
