package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.worker.testing.BatchRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The claimed step execution loaded in one query, checked against the independent oracle: Spring Batch's own
 * {@code JobRepository#getStepExecution} on the same rows of the real PostgreSQL repository, field by field.
 */
class ClaimedStepExecutionsTest {

    private final BatchRepository repository = BatchRepository.create();
    private final AtomicInteger fullLoads = new AtomicInteger();
    private final ClaimedStepExecutions loader = new ClaimedStepExecutions(repository.jdbc(), counting(
            repository.jobRepository()), new DefaultExecutionContextSerializer());

    @AfterEach
    void dropSchema() {
        repository.close();
    }

    private JobRepository counting(JobRepository jobRepository) {
        ProxyFactory proxy = new ProxyFactory(jobRepository);
        proxy.addInterface(JobRepository.class);
        proxy.addAdvice((org.aopalliance.intercept.MethodInterceptor) invocation -> {
            if (invocation.getMethod().getName().equals("getStepExecution")) {
                fullLoads.incrementAndGet();
            }
            return invocation.proceed();
        });
        return (JobRepository) proxy.getProxy();
    }

    private static Partition partition(String key) {
        return new Partition(key, 0, "spec", "terminal-bench@2.0", "fix-git", 1, "oracle", null, Map.of(),
                "benchfleet/harbor:0.22.0", 1.0, 60, 60, java.util.List.of());
    }

    /** A run with parameters of several types and a job context, and two partitions of it. */
    private StepExecution[] twoPartitionsOfOneRun() {
        JobRepository jobs = repository.jobRepository();
        JobParameters parameters = new JobParametersBuilder().addString("runId", "night-1")
                .addLong("attempts", 10L).addDouble("timeoutMultiplier", 1.5)
                .addLocalDateTime("runDate", LocalDateTime.parse("2026-12-02T02:00:00"))
                .addString("note", "not identifying", false).toJobParameters();
        JobInstance instance = jobs.createJobInstance("benchmarkJob", parameters);
        ExecutionContext jobContext = new ExecutionContext();
        jobContext.putString("spec", "terminal-bench-750");
        jobContext.putLong("partitions", 750);
        JobExecution job = jobs.createJobExecution(instance, parameters, jobContext);
        StepExecution[] steps = new StepExecution[2];
        for (int i = 0; i < 2; i++) {
            String key = Partition.keyOf("fix-git", i + 1);
            steps[i] = jobs.createStepExecution(TrialStep.PARTITION_PREFIX + key, job);
            partition(key).toContext().forEach(steps[i].getExecutionContext()::put);
            jobs.updateExecutionContext(steps[i]);
        }
        return steps;
    }

    @Test
    void theFirstPartitionOfARunIsSpringBatchsOwnFullLoad() {
        StepExecution[] steps = twoPartitionsOfOneRun();

        StepExecution loaded = loader.load(steps[0].getId());

        assertThat(fullLoads).hasValue(1);
        assertSameAsSpringBatch(loaded, repository.jobRepository().getStepExecution(steps[0].getId()));
    }

    @Test
    void laterPartitionsOfTheRunAreLoadedWithoutSpringBatchAndMatchItsLoadFieldByField() {
        StepExecution[] steps = twoPartitionsOfOneRun();
        loader.load(steps[0].getId());
        // the second partition moves on as a claimed one does, with counts, an exit status and times of its own
        StepExecution second = repository.jobRepository().getStepExecution(steps[1].getId());
        second.setStatus(BatchStatus.STARTED);
        second.setStartTime(LocalDateTime.parse("2026-12-02T02:03:04.567"));
        second.setCommitCount(2);
        second.setReadCount(3);
        second.setRollbackCount(1);
        second.setExitStatus(new ExitStatus("EXECUTING", "trial running"));
        repository.jobRepository().update(second);

        StepExecution loaded = loader.load(steps[1].getId());

        assertThat(fullLoads).as("only the first partition's load went through Spring Batch").hasValue(1);
        assertSameAsSpringBatch(loaded, repository.jobRepository().getStepExecution(steps[1].getId()));
    }

    @Test
    void aJobExecutionStoppedAfterItsFirstPartitionIsReadStoppingByTheNextOne() {
        StepExecution[] steps = twoPartitionsOfOneRun();
        loader.load(steps[0].getId());
        JobExecution job = repository.jobRepository().getJobExecution(steps[0].getJobExecutionId());
        job.setStatus(BatchStatus.STOPPING);
        repository.jobRepository().update(job);

        StepExecution loaded = loader.load(steps[1].getId());

        assertThat(loaded.getJobExecution().isStopping()).isTrue();
        assertSameAsSpringBatch(loaded, repository.jobRepository().getStepExecution(steps[1].getId()));
    }

    @Test
    void aStepExecutionTheRepositoryDoesNotHaveIsNull() {
        StepExecution[] steps = twoPartitionsOfOneRun();
        loader.load(steps[0].getId());

        assertThat(loader.load(steps[1].getId() + 1000)).isNull();
    }

    private static void assertSameAsSpringBatch(StepExecution actual, StepExecution expected) {
        assertThat(actual.getId()).isEqualTo(expected.getId());
        assertThat(actual.getStepName()).isEqualTo(expected.getStepName());
        assertThat(actual.getStatus()).isEqualTo(expected.getStatus());
        assertThat(actual.getExitStatus()).isEqualTo(expected.getExitStatus());
        assertThat(actual.getVersion()).isEqualTo(expected.getVersion());
        assertThat(actual.getStartTime()).isEqualTo(expected.getStartTime());
        assertThat(actual.getEndTime()).isEqualTo(expected.getEndTime());
        assertThat(actual.getCreateTime()).isEqualTo(expected.getCreateTime());
        assertThat(actual.getLastUpdated()).isEqualTo(expected.getLastUpdated());
        assertThat(actual.getCommitCount()).isEqualTo(expected.getCommitCount());
        assertThat(actual.getReadCount()).isEqualTo(expected.getReadCount());
        assertThat(actual.getFilterCount()).isEqualTo(expected.getFilterCount());
        assertThat(actual.getWriteCount()).isEqualTo(expected.getWriteCount());
        assertThat(actual.getReadSkipCount()).isEqualTo(expected.getReadSkipCount());
        assertThat(actual.getWriteSkipCount()).isEqualTo(expected.getWriteSkipCount());
        assertThat(actual.getProcessSkipCount()).isEqualTo(expected.getProcessSkipCount());
        assertThat(actual.getRollbackCount()).isEqualTo(expected.getRollbackCount());
        assertThat(actual.getExecutionContext().toMap()).isEqualTo(expected.getExecutionContext().toMap());
        assertThat(actual.getExecutionContext().isDirty()).isEqualTo(expected.getExecutionContext().isDirty());

        JobExecution job = actual.getJobExecution();
        JobExecution expectedJob = expected.getJobExecution();
        assertThat(job.getId()).isEqualTo(expectedJob.getId());
        assertThat(job.getStatus()).isEqualTo(expectedJob.getStatus());
        assertThat(job.getExitStatus()).isEqualTo(expectedJob.getExitStatus());
        assertThat(job.getVersion()).isEqualTo(expectedJob.getVersion());
        assertThat(job.getStartTime()).isEqualTo(expectedJob.getStartTime());
        assertThat(job.getEndTime()).isEqualTo(expectedJob.getEndTime());
        assertThat(job.getCreateTime()).isEqualTo(expectedJob.getCreateTime());
        assertThat(job.getLastUpdated()).isEqualTo(expectedJob.getLastUpdated());
        assertThat(job.getJobParameters()).isEqualTo(expectedJob.getJobParameters());
        assertThat(job.getExecutionContext().toMap()).isEqualTo(expectedJob.getExecutionContext().toMap());
        assertThat(job.getStepExecutions()).extracting(StepExecution::getId)
                .isEqualTo(expectedJob.getStepExecutions().stream().map(StepExecution::getId).toList());
        assertThat(job.getJobInstance().getInstanceId()).isEqualTo(expectedJob.getJobInstance().getInstanceId());
        assertThat(job.getJobInstance().getJobName()).isEqualTo(expectedJob.getJobInstance().getJobName());
        assertThat(job.getJobInstance().getVersion()).isEqualTo(expectedJob.getJobInstance().getVersion());
    }
}
