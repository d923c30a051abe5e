package io.benchfleet.worker.trial;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.artifact.TrialArchiver;
import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.queue.WorkerIdentity;
import io.benchfleet.worker.result.RecordedTrial;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker step's single tasklet, in two transactions: the first runs the partition's trial, reads Harbor's output
 * and commits the {@code trial_result} row (not archived yet); the second archives the trial directory and finishes
 * the step from the recorded row. Agent and verifier failures are results (the step completes); INFRA and CONFIG
 * failures are recorded the same way and mark the step FAILED with a one-line exit message, so the partition is
 * retried or restarted.
 *
 * <p>The result never depends on the archive: the row is durable before the archive starts, the archive is tried a
 * few times ({@link TrialArchiver}), and if the store keeps failing the step still completes with its result and the
 * directory stays on this host for the archive sweeper. A partition whose trial was recorded but whose step did not
 * finish (its worker died while archiving, and the message came back) is not run again: the step is finished from
 * the recorded row, so a paid trial is neither lost nor run twice.
 *
 * <p>A running trial holds no job-repository connection: the chunk's transaction takes its (lazy) connection at its
 * first statement, so the tasklet reads the recorded result outside it, and the first statement of the first chunk
 * is the result's insert after the trial (of the second, the archive mark after the upload). A host runs as many
 * trials at once as it has slots, with a pool smaller than its slots, and a trial of hours keeps no backend busy.
 *
 * <p>A worker with the simulated executor runs a partition only for a rehearsal ({@code --local}, or a run launched
 * with {@code --param rehearsal=true}); for any other run it refuses before anything runs, as a CONFIG failure that
 * stops the run, so a misconfigured worker cannot put invented numbers into a real benchmark.
 */
public class TrialTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(TrialTasklet.class);

    /** The exception type of a simulated partition refused outside a rehearsal. */
    public static final String SIMULATED_REFUSED = "SimulatedExecutorRefused";

    private final TrialExecutor executor;
    private final TrialEvaluator evaluator;
    private final TrialArchiver archiver;
    private final TrialResultRepository results;
    private final LocalTrialDirectories localDirectories;
    private final Path jobsRoot;
    private final boolean keepTrialDirs;
    private final Clock clock;
    private final TransactionTemplate outsideChunk;

    /**
     * @param transactions the job repository's transaction manager, the one the step's chunks run in: the tasklet
     *                     asks for the recorded result outside the chunk's transaction, so that the chunk's
     *                     connection is taken only when the result is written, after the trial - a running trial
     *                     holds no job-repository connection, and a host runs as many trials as it has slots, whatever
     *                     its connection pool
     */
    public TrialTasklet(TrialExecutor executor, TrialEvaluator evaluator, TrialArchiver archiver,
            TrialResultRepository results, LocalTrialDirectories localDirectories, Path jobsRoot,
            boolean keepTrialDirs, Clock clock, PlatformTransactionManager transactions) {
        this.executor = executor;
        this.evaluator = evaluator;
        this.archiver = archiver;
        this.results = results;
        this.localDirectories = localDirectories;
        this.jobsRoot = jobsRoot;
        this.keepTrialDirs = keepTrialDirs;
        this.clock = clock;
        this.outsideChunk = new TransactionTemplate(transactions);
        outsideChunk.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = contribution.getStepExecution();
        Partition partition = Partition.fromContext(step.getExecutionContext().toMap());
        // Outside the chunk's transaction: the chunk's (lazy) connection is then first used by the result's insert after
        // the trial, or the archive mark after the upload, instead of being held from this query to the commit
        Optional<RecordedTrial> recorded = outsideChunk.execute(status -> results.recorded(step.getId()));
        if (recorded.isEmpty()) {
            record(step, partition);
            contribution.incrementWriteCount(1);
            return RepeatStatus.CONTINUABLE; // commit the result before anything is archived
        }
        finish(step, partition, recorded.get());
        return RepeatStatus.FINISHED;
    }

    /** Runs the trial (or refuses it) and writes its row, committed with this chunk. */
    private void record(StepExecution step, Partition partition) {
        Map<String, Object> context = step.getExecutionContext().toMap();
        String host = WorkerIdentity.current();
        Path jobsDir = jobsDir(step);
        Instant started = clock.instant();
        TrialRecord record;
        if (executor.simulated() && !PartitionContextKeys.isRehearsal(context)) {
            record = TrialRecord.configurationFailure(SIMULATED_REFUSED, "worker " + host + " runs the simulated "
                    + "executor, which invents results, but job execution " + step.getJobExecutionId() + " is not a "
                    + "rehearsal: set BENCHFLEET_WORKER_EXECUTOR=docker (or process) on the workers, or launch the "
                    + "run with --param rehearsal=true", started, clock.instant());
        } else {
            record = runTrial(partition, jobsDir, started);
        }
        long instanceId = step.getJobExecution().getJobInstance().getInstanceId();
        results.insert(instanceId, step.getJobExecutionId(), step.getId(), partition, record, host, executor.name(),
                Files.isDirectory(harborJobDir(jobsDir, partition)));
    }

    /** Archives the recorded trial's directory when it is still here and pending, and ends the step as recorded. */
    private void finish(StepExecution step, Partition partition, RecordedTrial recorded) {
        Path jobsDir = jobsDir(step);
        Path harborJobDir = harborJobDir(jobsDir, partition);
        String artifactUri = recorded.artifactUri();
        String trialPath = ArtifactStore.trialPath(step.getJobExecutionId(), partition.key());
        Optional<URI> movedBefore = recorded.archivePending() ? archiver.alreadyStored(harborJobDir, trialPath)
                : Optional.empty();
        if (movedBefore.isPresent()) {
            // the worker moved the directory into the store and stopped before it recorded that
            artifactUri = movedBefore.get().toString();
            results.markArchived(step.getId(), movedBefore.get());
            log.info("partition {}: its trial directory was stored at {} before the worker stopped; recorded now",
                    partition.key(), artifactUri);
        } else if (recorded.archivePending() && Files.isDirectory(harborJobDir)) {
            Optional<URI> stored = archiver.archive(harborJobDir, trialPath, keepTrialDirs);
            if (stored.isPresent()) {
                artifactUri = stored.get().toString();
                results.markArchived(step.getId(), stored.get());
                if (!keepTrialDirs) {
                    localDirectories.remove(jobsDir);
                }
            } else {
                log.warn("partition {}: result recorded, trial directory {} kept for the archive sweeper",
                        partition.key(), harborJobDir);
            }
        } else if (recorded.archivePending()) {
            log.info("partition {}: its trial was recorded on {}, which holds the trial directory; finishing the step "
                    + "from the recorded result without running the trial again", partition.key(), recorded.host());
        }
        if (recorded.failureClass().failsStep()) {
            String reason = partition.key() + ": " + recorded.failureClass() + " failure (" + recorded.exceptionType()
                    + "): " + Messages.oneLine(recorded.exceptionMessage())
                    + (artifactUri == null ? "" : " [artifacts: " + artifactUri + "]");
            log.warn("partition {} failed: {}", partition.key(), reason);
            // Fail the step without an exception: the exit message stays this one line instead of a stack trace.
            // The exit code is the failure class (INFRA, CONFIG): the manager retries INFRA and stops the run on
            // CONFIG.
            step.setStatus(BatchStatus.FAILED);
            step.setExitStatus(new ExitStatus(recorded.failureClass().name(), reason));
            return;
        }
        log.info("partition {} finished: class={}", partition.key(), recorded.failureClass());
    }

    private Path jobsDir(StepExecution step) {
        return jobsRoot.resolve("se-" + step.getId());
    }

    /** Where every executor leaves Harbor's job directory. */
    private static Path harborJobDir(Path jobsDir, Partition partition) {
        return jobsDir.resolve(partition.key());
    }

    private TrialRecord runTrial(Partition partition, Path jobsDir, Instant started) {
        try {
            Path harborJobDir = executor.run(partition, jobsDir);
            return evaluator.evaluate(harborJobDir, started, clock.instant());
        } catch (TrialInfrastructureException e) {
            return TrialRecord.infrastructureFailure(e.getClass().getSimpleName(), e.getMessage(), started,
                    clock.instant());
        } catch (TrialConfigurationException e) {
            return TrialRecord.configurationFailure(e.getClass().getSimpleName(), e.getMessage(), started,
                    clock.instant());
        }
    }
}
