package io.benchfleet.worker.trial;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.queue.WorkerIdentity;
import io.benchfleet.worker.result.TrialResultRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The worker step's single tasklet: run the partition's trial, read Harbor's output, archive the trial directory and
 * record the {@code trial_result} row in the transaction that completes the step. Agent and verifier failures are
 * results (the step completes); INFRA and CONFIG failures are recorded the same way and mark the step FAILED with a
 * one-line exit message, so the partition is retried or restarted.
 */
public class TrialTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(TrialTasklet.class);

    private final TrialExecutor executor;
    private final TrialEvaluator evaluator;
    private final ArtifactStore artifacts;
    private final TrialResultRepository results;
    private final Path jobsRoot;
    private final boolean keepTrialDirs;
    private final Clock clock;

    public TrialTasklet(TrialExecutor executor, TrialEvaluator evaluator, ArtifactStore artifacts,
            TrialResultRepository results, Path jobsRoot,
            boolean keepTrialDirs, Clock clock) {
        this.executor = executor;
        this.evaluator = evaluator;
        this.artifacts = artifacts;
        this.results = results;
        this.jobsRoot = jobsRoot;
        this.keepTrialDirs = keepTrialDirs;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = contribution.getStepExecution();
        Partition partition = Partition.fromContext(step.getExecutionContext().toMap());
        String host = WorkerIdentity.current();
        Path jobsDir = jobsRoot.resolve("se-" + step.getId());
        Path harborJobDir = jobsDir.resolve(partition.key());
        Instant started = clock.instant();
        TrialRecord record;
        try {
            harborJobDir = executor.run(partition, jobsDir);
            record = evaluator.evaluate(harborJobDir, started, clock.instant());
        } catch (TrialInfrastructureException e) {
            record = TrialRecord.infrastructureFailure(e.getClass().getSimpleName(), e.getMessage(), started,
                    clock.instant());
        } catch (TrialConfigurationException e) {
            record = TrialRecord.configurationFailure(e.getClass().getSimpleName(), e.getMessage(), started,
                    clock.instant());
        }
        URI artifactUri = Files.isDirectory(harborJobDir)
                ? artifacts.storeDirectory(harborJobDir, ArtifactStore.trialPath(step.getJobExecutionId(),
                        partition.key()))
                : null;
        long instanceId = step.getJobExecution().getJobInstance().getInstanceId();
        results.insert(instanceId, step.getJobExecutionId(), step.getId(), partition, record, host, artifactUri);
        removeLocal(jobsDir);
        contribution.incrementWriteCount(1);
        if (record.failureClass().failsStep()) {
            String reason = partition.key() + ": " + record.failureClass() + " failure (" + record.exceptionType()
                    + "): " + Messages.oneLine(record.exceptionMessage())
                    + (artifactUri == null ? "" : " [artifacts: " + artifactUri + "]");
            log.warn("partition {} failed: {}", partition.key(), reason);
            // Fail the step without an exception: the result row commits with the step, and the exit message
            // stays this one line instead of a stack trace. The exit code is the failure class (INFRA, CONFIG):
            // the manager retries INFRA and stops the run on CONFIG.
            step.setStatus(BatchStatus.FAILED);
            step.setExitStatus(new ExitStatus(record.failureClass().name(), reason));
            return RepeatStatus.FINISHED;
        }
        log.info("partition {} finished: reward={} class={} in {} ms", partition.key(), record.reward(),
                record.failureClass(), record.durationMs());
        return RepeatStatus.FINISHED;
    }

    private void removeLocal(Path jobsDir) {
        if (keepTrialDirs || !Files.exists(jobsDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(jobsDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove local trial directory {}: {}", jobsDir, e.getMessage());
        }
    }

}
