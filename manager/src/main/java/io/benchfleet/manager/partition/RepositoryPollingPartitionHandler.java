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
    /** Dispatches under way while their job's partitions are being created (job execution id → dispatch). */
    private final Map<Long, StreamedDispatch> streams = new ConcurrentHashMap<>();

    private record StreamedDispatch(PartitionDispatcher.Sending sending, SupervisionFigures figures) {
    }

    /**
     * @param deadLetters    null: no dead-letter queue is swept
     * @param listener       told the progress once per round (the fleet scaler)
     * @param statementCount statements this process has sent to the job repository so far (RepositoryStatements)
     * @param lease          the manager leases of the runs this process drives
     * @param shutdown       set when this process shuts down: supervised runs stop
     */
    public RepositoryPollingPartitionHandler(PartitionDispatcher dispatcher, PartitionProgressQuery progress,
            PartitionSupervisor supervisor, DeadLetterSweeper deadLetters, JobRepository jobRepository,
            JdbcTemplate jdbc, SupervisionSettings settings, PartitionProgressListener listener,
            LongSupplier statementCount, Clock clock, RunLease lease, ManagerShutdown shutdown,
            TransactionTemplate transaction, ExecutionContextSerializer serializer) {
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
    }

    /**
     * A partition step execution was just created (and saved with its context) by the splitter: send its request
     * now, in creation order (longest expected first), instead of after all of them are created.
     */
    public void partitionCreated(StepExecution partition) {
        streams.computeIfAbsent(partition.getJobExecutionId(), id -> new StreamedDispatch(dispatcher.startSending(),
                figures())).sending().accept(partition);
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
        SupervisionFigures figures = dispatch(managerStep, book);
        SupervisionRound round = new SupervisionRound(managerStep, fence, book, supervisor, deadLetters, progress,
                new PartitionResends(dispatcher, supervisor, jobRepository, settings.retries(),
                        settings.workerLease(), clock, lease, transaction, rows),
                listener, new RepositoryOutage(settings.repositoryOutageLimit(), settings.pollInterval(), clock),
                lease, shutdown);
        supervise(round);
        figures.supervised(managerStep, book.size());
        return finalState.of(managerStep.getJobExecutionId(), book.latest(), round.leftRunning());
    }

    /** Sends every request not sent yet while the partitions were created; returns the run's figures. */
    private SupervisionFigures dispatch(StepExecution managerStep, PartitionBook book) throws InterruptedException {
        StreamedDispatch streamed = streams.remove(managerStep.getJobExecutionId());
        SupervisionFigures figures = streamed == null ? figures() : streamed.figures();
        Set<Long> sent = streamed == null ? Set.of() : streamed.sending().finish();
        List<StepExecution> rest = book.ordered().stream().filter(p -> !sent.contains(p.getId())).toList();
        dispatcher.dispatch(rest);
        figures.dispatched(managerStep, book.size());
        return figures;
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
