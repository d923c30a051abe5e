package io.benchfleet.manager.partition;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.PartitionProgressQuery;
import io.benchfleet.manager.run.RunFence;
import io.benchfleet.manager.run.RunLease;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.poller.DirectPoller;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remote partitioning over a message channel with completion found by polling the shared job repository, like
 * spring-batch-integration's {@code MessageChannelPartitionHandler}, but polling with ONE aggregate query per
 * interval ({@link PartitionProgressQuery}) and refreshing the partitions' final state with one more query at the
 * end, instead of loading the whole job execution with every step execution and its context on every interval.
 *
 * <p>A run goes dispatch → supervise → final state. Partitions are dispatched in plan order (longest expected
 * first), while they are still being created on a restart ({@link #partitionCreated}). Supervision is a
 * {@link SupervisionRound} per poll interval driven by Spring Batch's {@link DirectPoller}, up to the partition
 * timeout.
 */
public class RepositoryPollingPartitionHandler extends AbstractPartitionHandler {

    private final PartitionDispatcher dispatcher;
    private final PartitionProgressQuery progress;
    private final PartitionSupervisor supervisor;
    private final DeadLetterSweeper deadLetters;
    private final JobRepository jobRepository;
    private final PartitionFinalState finalState;
    private final SupervisionSettings settings;
    private final PartitionProgressListener listener;
    private final LongSupplier statementCount;
    private final Clock clock;
    private final RunLease lease;
    private final ManagerShutdown shutdown;
    private final TransactionTemplate transaction;
    private final PartitionStepRows rows;
    private final SlotShare share;
    /** Dispatches under way while their job's partitions are being created (job execution id → dispatch). */
    private final Map<Long, StreamedDispatch> streams = new ConcurrentHashMap<>();

    /** A restart's partitions as they are created: held by the run's share, released every poll interval. */
    private final class StreamedDispatch {
        private final PartitionRelease release;
        private final PartitionDispatcher.Sending sending = dispatcher.startSending();
        private final SupervisionFigures figures = figures();
        private Instant lastRelease;

        private StreamedDispatch(long jobExecutionId) {
            this.release = new PartitionRelease(jobExecutionId, share);
        }

        private synchronized void created(StepExecution partition) {
            release.hold(List.of(partition));
            Instant now = clock.instant();
            if (lastRelease == null || !now.isBefore(lastRelease.plus(settings.pollInterval()))) {
                lastRelease = now;
                dueIfShareReadable(release).forEach(sending::accept);
            }
        }
    }

    /**
     * @param deadLetters    null: no dead-letter queue is swept
     * @param listener       told the progress once per round (the fleet scaler)
     * @param statementCount statements this process has sent to the job repository so far (RepositoryStatements)
     * @param lease          the manager leases of the runs this process drives
     * @param shutdown       set when this process shuts down: supervised runs stop
     * @param share          each run's share of the fleet's slots: its partitions are released up to it
     */
    public RepositoryPollingPartitionHandler(PartitionDispatcher dispatcher, PartitionProgressQuery progress,
            PartitionSupervisor supervisor, DeadLetterSweeper deadLetters, JobRepository jobRepository,
            JdbcTemplate jdbc, SupervisionSettings settings, PartitionProgressListener listener,
            LongSupplier statementCount, Clock clock, RunLease lease, ManagerShutdown shutdown,
            TransactionTemplate transaction, ExecutionContextSerializer serializer, SlotShare share) {
        this.dispatcher = dispatcher;
        this.progress = progress;
        this.supervisor = supervisor;
        this.deadLetters = deadLetters;
        this.jobRepository = jobRepository;
        this.finalState = new PartitionFinalState(jdbc);
        this.settings = settings;
        this.listener = listener;
        this.statementCount = statementCount;
        this.clock = clock;
        this.lease = lease;
        this.shutdown = shutdown;
        this.transaction = transaction;
        this.rows = new PartitionStepRows(jdbc, serializer);
        this.share = share;
    }

    /**
     * A partition step execution was just created (and saved with its context) by the splitter: send its request
     * now, in creation order (longest expected first), instead of after all of them are created.
     */
    public void partitionCreated(StepExecution partition) {
        streams.computeIfAbsent(partition.getJobExecutionId(), StreamedDispatch::new).created(partition);
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStep, Set<StepExecution> partitions)
            throws Exception {
        if (partitions.isEmpty()) {
            return partitions;
        }
        RunFence fence = lease.fence(managerStep.getJobExecutionId()).orElseThrow(() -> new IllegalStateException(
                "job execution " + managerStep.getJobExecutionId() + " is supervised without its manager lease"));
        PartitionBook book = PartitionBook.of(partitions);
        StreamedDispatch streamed = streams.remove(managerStep.getJobExecutionId());
        PartitionRelease release = streamed == null ? new PartitionRelease(managerStep.getJobExecutionId(), share)
                : streamed.release;
        SupervisionFigures figures = dispatch(managerStep, book, streamed, release);
        SupervisionRound round = new SupervisionRound(managerStep, fence, book, release, dispatcher, supervisor,
                deadLetters, progress,
                new PartitionResends(dispatcher, supervisor, jobRepository, settings.retries(),
                        settings.workerLease(), clock, lease, transaction, rows),
                listener, new RepositoryOutage(settings.repositoryOutageLimit(), settings.pollInterval(), clock),
                lease, shutdown);
        supervise(round);
        figures.supervised(managerStep, book.size());
        return finalState.of(managerStep.getJobExecutionId(), book.latest(), round.leftRunning());
    }

    /**
     * Holds every partition not released while the partitions were created and sends what the run's share allows
     * now; returns the run's figures.
     */
    private SupervisionFigures dispatch(StepExecution managerStep, PartitionBook book, StreamedDispatch streamed,
            PartitionRelease release) throws InterruptedException {
        SupervisionFigures figures = streamed == null ? figures() : streamed.figures;
        if (streamed != null) {
            streamed.sending.finish();
        }
        release.hold(book.ordered());
        dispatcher.dispatch(dueIfShareReadable(release));
        figures.dispatched(managerStep, book.size() - release.held(), release.held(), release.lastShare());
        return figures;
    }

    /**
     * What the run's share lets go out now, before supervision; none while the share cannot be read: the partitions
     * stay held and the supervision rounds, which tolerate a repository outage, release them.
     */
    private static List<StepExecution> dueIfShareReadable(PartitionRelease release) {
        try {
            return release.due();
        } catch (DataAccessException e) {
            return List.of();
        }
    }

    /** Rounds until every partition finished, or the partition timeout expired. */
    private void supervise(SupervisionRound round) throws Exception {
        Future<PartitionProgress> finished = new DirectPoller<PartitionProgress>(settings.pollInterval().toMillis())
                .poll(round);
        try {
            if (settings.partitionTimeout() == null) {
                finished.get();
            } else {
                finished.get(settings.partitionTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            round.giveUp(settings.partitionTimeout());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private SupervisionFigures figures() {
        return new SupervisionFigures(statementCount, clock, clock.instant(), statementCount.getAsLong());
    }
}
