package io.benchfleet.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.artifact.LocalArtifactStore;
import io.benchfleet.worker.artifact.PendingArchiveSweeper;
import io.benchfleet.worker.artifact.S3ArtifactStore;
import io.benchfleet.worker.artifact.TrialArchiver;
import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.queue.ClaimedStepExecutions;
import io.benchfleet.worker.queue.PartitionHeartbeat;
import io.benchfleet.worker.queue.PartitionRequestHandler;
import io.benchfleet.worker.queue.StepClaim;
import io.benchfleet.worker.queue.WorkerIdentity;
import io.benchfleet.worker.result.TrialResultRepository;
import io.benchfleet.worker.testing.BatchRepository;
import io.benchfleet.worker.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The worker's trial step as the worker runs it (Spring Batch's step on the real PostgreSQL job repository, the
 * simulated executor, the archiver and the repository of results), against a real store: moto's S3, stopped while
 * the trial runs, and a local directory.
 */
class TrialStepTest {

    static final String HOST = "step-test-host";

    @TempDir
    Path jobsRoot;

    @TempDir
    Path localStore;

    BatchRepository repository;
    TrialResultRepository results;
    LocalTrialDirectories directories = new LocalTrialDirectories();

    @BeforeEach
    void repository() throws Exception {
        repository = new BatchRepository();
        results = new TrialResultRepository(repository.jdbc());
        MDC.put(WorkerIdentity.MDC_WORKER, HOST + "/c0");
    }

    @AfterEach
    void drop() {
        MDC.remove(WorkerIdentity.MDC_WORKER);
        repository.close();
    }

    static Partition partition(String agent) {
        return new Partition("fix-git__a01", 0, "spec", "terminal-bench@2.0", "fix-git", 1, agent, null, Map.of(),
                "benchfleet/harbor:0.22.0", 1.0, 60, 60, List.of());
    }

    /** The real simulated executor, counting its trials. */
    static final class CountingExecutor implements TrialExecutor {
        final TrialExecutor delegate;
        final AtomicInteger trials = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);

        CountingExecutor(Duration trialDuration) {
            this.delegate = FixedLengthTrials.lasting(trialDuration);
        }

        @Override
        public Path run(Partition partition, Path jobsDir) {
            trials.incrementAndGet();
            started.countDown();
            return delegate.run(partition, jobsDir);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public boolean simulated() {
            return delegate.simulated();
        }
    }

    Step step(TrialExecutor executor, TrialArchiver archiver) {
        return step(executor, archiver, results);
    }

    /** The step writing its rows through {@code rowRepository} (e.g. one that fails where the test says). */
    Step step(TrialExecutor executor, TrialArchiver archiver, TrialResultRepository rowRepository) {
        TrialTasklet tasklet = new TrialTasklet(executor, new TrialEvaluator(), archiver, rowRepository, directories,
                jobsRoot, false, Clock.systemUTC(), repository.transactionManager());
        return new StepBuilder(TrialStep.NAME, repository.jobRepository())
                .tasklet(tasklet, repository.transactionManager()).build();
    }

    Map<String, Object> row(StepExecution step) {
        return repository.jdbc().queryForMap("SELECT * FROM trial_result WHERE step_execution_id = ?", step.getId());
    }

    static S3Client s3(MotoServer moto) {
        return S3Client.builder().region(Region.of(MotoServer.REGION)).endpointOverride(moto.endpoint())
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY))).build();
    }

    @Test
    void aResultIsRecordedAndItsStepCompletesWhileS3IsDownAndTheSweeperArchivesItLaterWithoutASecondTrial()
            throws Exception {
        MotoServer moto = MotoServer.start();
        int port = moto.port();
        S3Client s3 = s3(moto);
        s3.createBucket(b -> b.bucket("bf-artifacts"));
        ArtifactStore store = new S3ArtifactStore(s3, URI.create("s3://bf-artifacts/fleet"));
        TrialArchiver archiver = new TrialArchiver(store, 3, Duration.ofMillis(100));
        CountingExecutor executor = new CountingExecutor(Duration.ofSeconds(2));
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));

        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            MDC.put(WorkerIdentity.MDC_WORKER, HOST + "/c0");
            try {
                step(executor, archiver).execute(step);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(executor.started.await(30, TimeUnit.SECONDS)).isTrue();
        moto.close(); // S3 goes away while the trial runs
        running.get(60, TimeUnit.SECONDS);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> row = row(step);
        assertThat(row).containsEntry("failure_class", "NONE").containsEntry("reward", 1.0)
                .containsEntry("archive_state", "PENDING").containsEntry("executor", "simulated");
        assertThat(row.get("artifact_uri")).isNull();
        Path jobDir = jobsRoot.resolve("se-" + step.getId()).resolve("fix-git__a01");
        assertThat(jobDir).as("kept for the sweeper").isDirectory();

        PendingArchiveSweeper sweeper = new PendingArchiveSweeper(results, archiver, directories, jobsRoot, HOST);
        assertThat(sweeper.sweep()).as("S3 still down").isZero();

        try (MotoServer again = MotoServer.start(port); S3Client s3Again = s3(again)) {
            s3Again.createBucket(b -> b.bucket("bf-artifacts")); // moto starts empty
            TrialArchiver archiverAgain = new TrialArchiver(new S3ArtifactStore(s3Again,
                    URI.create("s3://bf-artifacts/fleet")), 3, Duration.ofMillis(100));

            assertThat(new PendingArchiveSweeper(results, archiverAgain, directories, jobsRoot, HOST).sweep())
                    .isEqualTo(1);

            String uri = "s3://bf-artifacts/fleet/runs/" + step.getJobExecutionId() + "/fix-git__a01/";
            assertThat(row(step)).containsEntry("archive_state", "ARCHIVED").containsEntry("artifact_uri", uri);
            List<String> keys = s3Again.listObjectsV2(r -> r.bucket("bf-artifacts")
                    .prefix("fleet/runs/" + step.getJobExecutionId() + "/fix-git__a01/")).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(keys).anyMatch(k -> k.endsWith("/result.json") && k.contains("/fix-git__"))
                    .anyMatch(k -> k.endsWith("fix-git__a01/config.json"));
            assertThat(jobsRoot.resolve("se-" + step.getId())).as("local copy removed once archived").doesNotExist();
        } finally {
            s3.close();
        }
        assertThat(executor.trials.get()).as("the trial ran once").isEqualTo(1);
        assertThat(repository.jdbc().queryForObject("SELECT count(*) FROM batch_step_execution WHERE step_name = ?",
                Integer.class, step.getStepName())).isEqualTo(1);
        assertThat(repository.jdbc().queryForObject("SELECT count(*) FROM trial_result", Integer.class)).isEqualTo(1);
    }

    /** The host goes away in the middle of a call (not an exception any retry or handler would catch). */
    static final class HostTerminated extends Error {
        HostTerminated() {
            super("host terminated");
        }
    }

    /** A local store that, before it copies anything, reads the step's row as any other session would. */
    final class RowCheckingStore implements ArtifactStore {
        final ArtifactStore delegate = new LocalArtifactStore(localStore);
        final List<Map<String, Object>> committedRowsSeen = new java.util.ArrayList<>();

        @Override
        public URI storeDirectory(Path directory, String relativePath) {
            // Another thread takes another connection: it sees only what has been committed.
            committedRowsSeen.addAll(CompletableFuture.supplyAsync(() -> repository.jdbc().queryForList(
                    "SELECT failure_class, archive_state FROM trial_result")).join());
            return delegate.storeDirectory(directory, relativePath);
        }

        @Override
        public URI storeFile(byte[] content, String relativePath, String contentType) {
            return delegate.storeFile(content, relativePath, contentType);
        }

        @Override
        public void fetchDirectory(URI stored, Path target) {
            delegate.fetchDirectory(stored, target);
        }
    }

    @Test
    void aTrialsResultRowIsCommittedBeforeItsArchiveStarts() throws Exception {
        RowCheckingStore store = new RowCheckingStore();
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));

        step(new CountingExecutor(Duration.ofMillis(10)), new TrialArchiver(store, 1, Duration.ZERO)).execute(step);

        assertThat(store.committedRowsSeen).as("the row, durable and not archived yet, when the copy began")
                .containsExactly(Map.of("failure_class", "NONE", "archive_state", "PENDING"));
        assertThat(row(step)).containsEntry("archive_state", "ARCHIVED");
        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aRecordedTrialWhoseStepDidNotFinishIsFinishedFromItsRowWithoutRunningTheTrialAgain() throws Exception {
        CountingExecutor executor = new CountingExecutor(Duration.ofMillis(10));
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));
        ArtifactStore dying = new LocalArtifactStore(localStore) {
            @Override
            public URI moveDirectory(Path directory, String relativePath) {
                throw new HostTerminated(); // nothing after this point of the first worker's step happens
            }
        };
        step(executor, new TrialArchiver(dying, 1, Duration.ZERO)).execute(step);
        assertThat(row(step)).as("committed before the archive").containsEntry("archive_state", "PENDING");

        // The partition's message comes back: the step execution is claimed again, as StepClaim does, and run by a
        // worker whose store works.
        step.setStatus(BatchStatus.STARTED);
        repository.jobRepository().update(step);
        step(executor, new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO)).execute(step);

        assertThat(executor.trials.get()).as("the paid trial ran once").isEqualTo(1);
        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(row(step)).containsEntry("failure_class", "NONE").containsEntry("archive_state", "ARCHIVED");
        assertThat(repository.jdbc().queryForObject("SELECT count(*) FROM trial_result", Integer.class)).isEqualTo(1);
    }

    static CannotGetJdbcConnectionException connectionRefused() {
        return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
    }

    /**
     * Runs a partition through the worker's request handler (claim, load, the real step) while PostgreSQL "restarts"
     * just after the trial's row is committed: the archive's record is refused, so the step fails on the repository.
     */
    PartitionRequestHandler.Outcome runWithTheRepositoryFailingAfterTheRow(StepExecution step,
            CountingExecutor executor, TrialArchiver archiver, StepClaim claim) {
        TrialResultRepository restarting = new TrialResultRepository(repository.jdbc()) {
            @Override
            public boolean markArchived(long stepExecutionId, URI artifactUri) {
                throw connectionRefused();
            }
        };
        JdbcTemplate jdbc = repository.jdbc();
        PartitionRequestHandler handler = new PartitionRequestHandler(new ClaimedStepExecutions(jdbc,
                repository.jobRepository(), new DefaultExecutionContextSerializer()), step(executor, archiver,
                restarting), claim,
                new PartitionHeartbeat(jdbc, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        return handler.handle(new PartitionRequest(TrialStep.NAME, step.getJobExecutionId(), step.getId(),
                "fix-git__a01"), HOST + "/c0", null);
    }

    StepClaim claim() {
        return new StepClaim(repository.jdbc(), Duration.ofMinutes(1));
    }

    Map<String, Object> stepRow(StepExecution step) {
        return repository.jdbc().queryForMap("SELECT status, exit_code FROM batch_step_execution "
                + "WHERE step_execution_id = ?", step.getId());
    }

    @Test
    void aTrialWhoseRepositoryFailedAfterItsResultWasCommittedKeepsThatResultInsteadOfBeingRetriedAsANewAttempt()
            throws Exception {
        // Before, the worker marked such a step an INFRA failure and the manager ran the paid trial a second time as
        // a new attempt (the PostgreSQL-restart chaos scenario, when the restart hit the archive chunk).
        CountingExecutor executor = new CountingExecutor(Duration.ofMillis(10));
        TrialArchiver archiver = new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO);
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));

        assertThat(runWithTheRepositoryFailingAfterTheRow(step, executor, archiver, claim()))
                .isEqualTo(PartitionRequestHandler.Outcome.COMPLETED);

        assertThat(stepRow(step)).containsEntry("status", "COMPLETED").containsEntry("exit_code", "COMPLETED");
        assertThat(executor.trials.get()).as("the paid trial ran once").isEqualTo(1);
        assertThat(row(step)).containsEntry("failure_class", "NONE").containsEntry("archive_state", "PENDING");
        // the directory the failed record left behind is archived by the host's sweeper, as after a store outage
        assertThat(new PendingArchiveSweeper(results, archiver, directories, jobsRoot, HOST).sweep()).isOne();
        assertThat(row(step)).containsEntry("archive_state", "ARCHIVED");
    }

    @Test
    void aStepWhoseRecordedResultCannotBeReadAfterTheOutageIsNotMadeAnInfraRetry() throws Exception {
        // the repository is still down when the worker would restore the outcome: the row may be committed, so the
        // step is not handed to the manager's INFRA retry (which would pay for the trial again)
        StepClaim stillDown = new StepClaim(repository.jdbc(), Duration.ofMinutes(1)) {
            @Override
            public Optional<String> restoreOutcome(long stepExecutionId) {
                throw connectionRefused();
            }
        };
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));

        assertThat(runWithTheRepositoryFailingAfterTheRow(step, new CountingExecutor(Duration.ofMillis(10)),
                new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO), stillDown))
                .isEqualTo(PartitionRequestHandler.Outcome.FAILED);

        assertThat(stepRow(step)).containsEntry("status", "FAILED").doesNotContainEntry("exit_code", "INFRA");
        assertThat(row(step)).containsEntry("failure_class", "NONE");
    }

    /** A local store whose worker stops right after it moved the directory in, before anything records that. */
    final class StopsAfterTheMove extends LocalArtifactStore {
        StopsAfterTheMove() {
            super(localStore);
        }

        @Override
        public URI moveDirectory(Path directory, String relativePath) {
            super.moveDirectory(directory, relativePath);
            throw new HostTerminated();
        }
    }

    @Test
    void aTrialMovedIntoTheStoreJustBeforeItsWorkerStoppedIsRecordedAsArchivedWhenItsStepRunsAgain()
            throws Exception {
        CountingExecutor executor = new CountingExecutor(Duration.ofMillis(10));
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));
        step(executor, new TrialArchiver(new StopsAfterTheMove(), 1, Duration.ZERO)).execute(step);
        Path stored = localStore.resolve("runs/" + step.getJobExecutionId() + "/fix-git__a01");
        assertThat(stored.resolve("config.json")).as("moved in whole").isRegularFile();
        assertThat(jobsRoot.resolve("se-" + step.getId()).resolve("fix-git__a01")).doesNotExist();
        assertThat(row(step)).containsEntry("archive_state", "PENDING");

        step.setStatus(BatchStatus.STARTED);
        repository.jobRepository().update(step);
        step(executor, new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO)).execute(step);

        assertThat(executor.trials.get()).isEqualTo(1);
        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(row(step)).as("archived, not lost").containsEntry("archive_state", "ARCHIVED")
                .containsEntry("artifact_uri", stored.toUri().toString());
    }

    @Test
    void theSweeperRecordsATrialMovedIntoTheStoreBeforeItsWorkerStoppedAsArchivedNotLost() throws Exception {
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));
        step(new CountingExecutor(Duration.ofMillis(10)), new TrialArchiver(new StopsAfterTheMove(), 1,
                Duration.ZERO)).execute(step);
        step.setStatus(BatchStatus.FAILED); // the manager gave the dead worker's step up
        repository.jobRepository().update(step);
        TrialArchiver archiver = new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO);

        assertThat(new PendingArchiveSweeper(results, archiver, directories, jobsRoot, HOST).sweep()).isEqualTo(1);

        Path stored = localStore.resolve("runs/" + step.getJobExecutionId() + "/fix-git__a01");
        assertThat(row(step)).containsEntry("archive_state", "ARCHIVED")
                .containsEntry("artifact_uri", stored.toUri().toString());
        assertThat(jobsRoot.resolve("se-" + step.getId())).doesNotExist();
    }

    @Test
    void theSweeperLeavesAPendingArchiveAloneWhileItsStepStillRuns() throws Exception {
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));
        ArtifactStore dying = new LocalArtifactStore(localStore) {
            @Override
            public URI moveDirectory(Path directory, String relativePath) {
                throw new HostTerminated();
            }
        };
        step(new CountingExecutor(Duration.ofMillis(10)), new TrialArchiver(dying, 1, Duration.ZERO)).execute(step);
        step.setStatus(BatchStatus.STARTED); // its tasklet is about to store the directory
        repository.jobRepository().update(step);
        Path jobDir = jobsRoot.resolve("se-" + step.getId()).resolve("fix-git__a01");
        TrialArchiver archiver = new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO);

        assertThat(new PendingArchiveSweeper(results, archiver, directories, jobsRoot, HOST).sweep()).isZero();

        assertThat(jobDir).as("left to the running step").isDirectory();
        assertThat(row(step)).containsEntry("archive_state", "PENDING");
    }

    @Test
    void aSimulatedWorkerRefusesAPartitionOfARunThatIsNotARehearsalAsAConfigFailureWithoutRunningIt()
            throws Exception {
        CountingExecutor executor = new CountingExecutor(Duration.ofMillis(10));
        StepExecution step = repository.partition(partition("claude-code"), Map.of());

        step(executor, new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO)).execute(step);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(step.getExitStatus().getExitCode()).isEqualTo("CONFIG");
        assertThat(step.getExitStatus().getExitDescription()).contains("simulated executor")
                .contains("not a rehearsal").contains("BENCHFLEET_WORKER_EXECUTOR=docker")
                .contains("--param rehearsal=true");
        assertThat(executor.trials.get()).as("no invented result").isZero();
        assertThat(row(step)).containsEntry("failure_class", "CONFIG")
                .containsEntry("exception_type", TrialTasklet.SIMULATED_REFUSED).containsEntry("executor", "simulated")
                .containsEntry("archive_state", "NONE");
        assertThat(row(step).get("reward")).isNull();
    }

    @Test
    void aRehearsalRunsOnTheSimulatedExecutorAndItsRowSaysSoWithNoHarborVersion() throws Exception {
        CountingExecutor executor = new CountingExecutor(Duration.ofMillis(10));
        StepExecution step = repository.partition(partition("oracle"), Map.of(PartitionContextKeys.REHEARSAL,
                "true"));

        step(executor, new TrialArchiver(new LocalArtifactStore(localStore), 1, Duration.ZERO)).execute(step);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> row = row(step);
        assertThat(row).containsEntry("executor", "simulated").containsEntry("agent_version", "simulated")
                .containsEntry("archive_state", "ARCHIVED");
        assertThat(row.get("harbor_version")).as("no Harbor ran").isNull();
        assertThat(row.get("artifact_uri").toString()).startsWith(localStore.toUri().toString())
                .endsWith("runs/" + step.getJobExecutionId() + "/fix-git__a01/");
        assertThat(Files.exists(jobsRoot.resolve("se-" + step.getId()))).isFalse();
    }
}
