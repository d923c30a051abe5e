package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.benchfleet.manager.cli.ManagerRuntime;
import io.benchfleet.manager.it.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

class BulkStepExecutionSplitterTest {

    static TestDatabase db;
    static ManagerRuntime runtime;
    static JobRepository repository;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        Path stateDir = Files.createTempDirectory("benchfleet-bulk-");
        Map<String, Object> props = new LinkedHashMap<>(db.properties());
        props.put("benchfleet.sqs.endpoint", "http://127.0.0.1:1");
        runtime = ManagerRuntime.start(db.env(), stateDir, null, props);
        repository = runtime.bean(JobRepository.class);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        db.close();
    }

    private static Partitioner threePartitions() {
        return grid -> {
            Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
            for (String key : List.of("zeta__a01", "alpha__a01", "mid__a02")) {
                ExecutionContext c = new ExecutionContext();
                c.putString("benchfleet.key", key);
                c.putLong("benchfleet.expectedSeconds", key.length());
                contexts.put(key, c);
            }
            return contexts;
        };
    }

    private StepExecution managerStep(JobInstance instance) {
        JobExecution job = repository.createJobExecution(instance, parameters(), new ExecutionContext());
        return repository.createStepExecution("partitionStep", job);
    }

    private static JobParameters parameters() {
        return new JobParametersBuilder().addString("runId", "bulk").toJobParameters();
    }

    private BulkStepExecutionSplitter splitter(StepExecutionSplitter fallback) {
        return new BulkStepExecutionSplitter("trial", threePartitions(), repository, runtime.bean(JdbcTemplate.class),
                runtime.bean(ExecutionContextSerializer.class), runtime.bean(PlatformTransactionManager.class),
                fallback);
    }

    @Test
    void aFirstRunsPartitionsAreCreatedInBulkExactlyAsSpringBatchReadsThemBack() throws Exception {
        JobInstance instance = repository.createJobInstance("bulkJob", parameters());
        StepExecution manager = managerStep(instance);

        RecordingFallback fallback = new RecordingFallback();
        Set<StepExecution> created = splitter(fallback).split(manager, 1);

        assertThat(fallback.calls).hasValue(0);
        assertThat(created).extracting(StepExecution::getStepName).containsExactly("trial:zeta__a01",
                "trial:alpha__a01", "trial:mid__a02");
        for (StepExecution s : created) {
            StepExecution stored = repository.getStepExecution(s.getId());
            assertThat(stored.getStepName()).isEqualTo(s.getStepName());
            assertThat(stored.getJobExecutionId()).isEqualTo(manager.getJobExecutionId());
            assertThat(stored.getStatus()).isEqualTo(BatchStatus.STARTING);
            assertThat(stored.getVersion()).isZero();
            String key = s.getStepName().substring("trial:".length());
            assertThat(stored.getExecutionContext().getString("benchfleet.key")).isEqualTo(key);
            assertThat(stored.getExecutionContext().getLong("benchfleet.expectedSeconds")).isEqualTo(key.length());
        }
        // Spring Batch can update what was created in bulk (optimistic locking on the stored version)
        StepExecution first = repository.getStepExecution(created.iterator().next().getId());
        first.setStatus(BatchStatus.STARTED);
        repository.update(first);
        assertThat(repository.getStepExecution(first.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
    }

    @Test
    void aRestartGoesThroughSpringBatchsOwnSplitter() throws Exception {
        JobInstance instance = repository.createJobInstance("bulkRestartJob", parameters());
        StepExecution firstRun = managerStep(instance);
        JobExecution firstJob = firstRun.getJobExecution();
        firstJob.setStatus(BatchStatus.FAILED);
        firstJob.setEndTime(java.time.LocalDateTime.now());
        repository.update(firstJob);
        StepExecution restart = managerStep(instance);
        RecordingFallback fallback = new RecordingFallback();

        Set<StepExecution> result = splitter(fallback).split(restart, 1);

        assertThat(fallback.calls).hasValue(1);
        assertThat(result).isEmpty();
    }

    /** Stands in for Spring Batch's splitter: counts the calls, creates nothing. */
    static final class RecordingFallback implements StepExecutionSplitter {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String getStepName() {
            return "trial";
        }

        @Override
        public Set<StepExecution> split(StepExecution stepExecution, int gridSize) {
            calls.incrementAndGet();
            return Set.of();
        }
    }
}
