package io.benchfleet.manager.partition;

import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.TransientRepositoryFailures;
import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.PartitionProgressQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.jobdefs.plan.TrialStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remote partitioning over a message channel with completion found by polling the shared job repository, like
 * spring-batch-integration's {@code MessageChannelPartitionHandler}, but polling with ONE aggregate query per
 * interval ({@link PartitionProgressQuery}) and refreshing the partitions' final state with one more query at the
 * end, instead of loading the whole job execution with every step execution and its context on every interval.
 *
 * <p>Partitions are dispatched in plan order (longest expected first). Each interval the handler also beats the
 * manager's heartbeat, withdraws queued partitions when the run is being stopped (or a CONFIG failure makes retrying
 * pointless), fails partitions whose requests were dead-lettered, and re-sends INFRA failures as new attempts (new
 * step executions of the same partition) with exponential backoff, on any host.
 */
public class RepositoryPollingPartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RepositoryPollingPartitionHandler.class);

    private static final String FINAL_STATE = """
            SELECT step_execution_id, status, exit_code, exit_message, start_time, end_time, read_count, write_count,
                   commit_count, rollback_count, filter_count, read_skip_count, write_skip_count, process_skip_count
              FROM batch_step_execution
             WHERE job_execution_id = ? AND step_name LIKE ?""";


    /** How long the job repository may stay unreachable before the manager step gives up. */
    static final Duration REPOSITORY_OUTAGE_LIMIT = Duration.ofMinutes(5);

    /** INFRA retry policy: attempts after the first, and the backoff of the first retry (doubling, at most 900 s). */
    public record RetryPolicy(int maxRetries, Duration firstBackoff) {
        int delaySeconds(int retryNumber) {
            long seconds = firstBackoff.toSeconds() << Math.min(10, Math.max(0, retryNumber - 1));
            return (int) Math.min(900, seconds);
        }
    }

    private final PartitionDispatcher dispatcher;
    private final PartitionProgressQuery progress;
    private final PartitionSupervisor supervisor;
    private final DeadLetterSweeper deadLetters;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final Duration pollInterval;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final Clock clock;
    private PartitionProgressListener progressListener;
    /** Statements this process has sent to the job repository so far (RepositoryStatements). */
    private java.util.function.LongSupplier statementCount = () -> 0;
    /** A STARTED partition whose heartbeat is older than this has lost its worker ({@code benchfleet.worker.lease}). */
    private Duration workerLease = Duration.ofSeconds(90);
    /** Dispatches under way while their job's partitions are being created (job execution id → stream). */
    private final Map<Long, StreamedDispatch> streams = new ConcurrentHashMap<>();

    private record StreamedDispatch(PartitionDispatcher.Stream stream, Instant startedAt, long statementsAtStart) {
    }

    /** When each orphaned partition's request was last re-sent (step execution id → time). */
    private final Map<Long, Instant> orphansResent = new ConcurrentHashMap<>();

    public RepositoryPollingPartitionHandler(PartitionDispatcher dispatcher, PartitionProgressQuery progress,
            PartitionSupervisor supervisor, DeadLetterSweeper deadLetters, JobRepository jobRepository,
            JdbcTemplate jdbc, Duration pollInterval, Duration timeout, RetryPolicy retry, Clock clock) {
        this.dispatcher = dispatcher;
        this.progress = progress;
        this.supervisor = supervisor;
        this.deadLetters = deadLetters;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.retry = retry;
        this.clock = clock;
    }

    /** How long after its last heartbeat a running partition counts as lost (the workers' lease). */
    public void setWorkerLease(Duration workerLease) {
        this.workerLease = workerLease;
    }

    /** Where the manager's statement count comes from, to record its load on the repository per run. */
    public void setStatementCount(java.util.function.LongSupplier statementCount) {
        this.statementCount = statementCount;
    }

    /** Optional: told the progress once per polling interval (the fleet scaler). Null: nobody. */
    public void setProgressListener(PartitionProgressListener progressListener) {
        this.progressListener = progressListener;
    }

    /**
     * A partition step execution was just created (and saved with its context) by the splitter: send its request
     * now, in creation order (longest expected first), instead of after all 750 are created.
     */
    public void partitionCreated(StepExecution partition) {
        streams.computeIfAbsent(partition.getJobExecutionId(), id -> new StreamedDispatch(dispatcher.stream(),
                clock.instant(), statementCount.getAsLong())).stream().accept(partition);
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStep, Set<StepExecution> partitions)
            throws Exception {
        if (partitions.isEmpty()) {
            return partitions;
        }
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparingInt(p -> p.getExecutionContext().getInt(PartitionContextKeys.ORDER, 0)));
        Map<String, StepExecution> latest = new LinkedHashMap<>();
        ordered.forEach(p -> latest.put(p.getStepName(), p));
        StreamedDispatch streamed = streams.remove(managerStep.getJobExecutionId());
        Instant sendStart = streamed == null ? clock.instant() : streamed.startedAt();
        long statementsAtStart = streamed == null ? statementCount.getAsLong() : streamed.statementsAtStart();
        if (streamed == null) {
            dispatcher.dispatch(ordered);
        } else {
            Set<Long> sent = streamed.stream().finish();
            dispatcher.dispatch(ordered.stream().filter(p -> !sent.contains(p.getId())).toList());
        }
        long enqueueMillis = Duration.between(sendStart, clock.instant()).toMillis();
        long statementsAfterDispatch = statementCount.getAsLong();
        managerStep.getExecutionContext().putLong(RunContextKeys.DISPATCH_STATEMENTS, statementsAfterDispatch - statementsAtStart);
        managerStep.getExecutionContext().putLong(RunContextKeys.DISPATCH_STARTED_AT, sendStart.toEpochMilli());
        managerStep.getExecutionContext().putLong(RunContextKeys.ENQUEUE_MILLIS, enqueueMillis);
        log.info("enqueued {} partition requests in {} ms", ordered.size(), enqueueMillis);

        long jobExecutionId = managerStep.getJobExecutionId();
        Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
        boolean withdrawn = false;
        Instant repositoryDownSince = null;
        while (true) {
            try {
                supervisor.heartbeat(jobExecutionId);
                if (deadLetters != null) {
                    deadLetters.sweep(jobExecutionId);
                }
                String configFailure = withdrawn ? null : supervisor.configFailure(jobExecutionId);
                if (!withdrawn && (configFailure != null || supervisor.stopRequested(jobExecutionId))) {
                    String reason = configFailure != null
                            ? "withdrawn: the run stops on a CONFIG failure (" + configFailure + ")"
                            : "withdrawn: the run was stopped";
                    int n = supervisor.withdrawQueued(jobExecutionId, reason);
                    log.warn("{}; {} queued partitions withdrawn, waiting for running ones", reason, n);
                    withdrawn = true;
                }
                if (!withdrawn) {
                    resendInfraFailures(managerStep, jobExecutionId, latest);
                    resendOrphans(jobExecutionId);
                }
                PartitionProgress current = progress.forJobExecution(jobExecutionId);
                if (progressListener != null) {
                    try {
                        progressListener.onProgress(managerStep, current);
                    } catch (RuntimeException e) {
                        log.warn("progress listener failed: {}", e.getMessage(), e);
                    }
                }
                if (current.allFinished() && (withdrawn || supervisor.retryCandidates(jobExecutionId,
                        retry.maxRetries()).isEmpty())) {
                    break;
                }
                if (deadline != null && clock.instant().isAfter(deadline)) {
                    int n = supervisor.withdrawQueued(jobExecutionId, "withdrawn: benchfleet.manager.partition-timeout "
                            + timeout + " expired");
                    log.warn("gave up waiting after {}: {} of {} partitions unfinished ({} queued ones withdrawn)",
                            timeout, current.total() - current.finished(), current.total(), n);
                    break;
                }
                repositoryDownSince = null;
            } catch (DataAccessException e) {
                // PostgreSQL restarting or failing over: keep supervising (workers keep running their trials and
                // their heartbeats retry too) and only give up when the repository stays unreachable
                if (!TransientRepositoryFailures.isTransient(e)) {
                    throw e;
                }
                Instant now = clock.instant();
                if (repositoryDownSince == null) {
                    repositoryDownSince = now;
                }
                if (Duration.between(repositoryDownSince, now).compareTo(REPOSITORY_OUTAGE_LIMIT) > 0) {
                    throw e;
                }
                log.warn("job repository unreachable ({}); retrying in {}", NestedExceptionUtils.getMostSpecificCause(e).getMessage(), pollInterval);
            }
            Thread.sleep(pollInterval.toMillis());
        }
        Set<StepExecution> result = new LinkedHashSet<>(latest.values());
        refresh(jobExecutionId, result);
        long statements = statementCount.getAsLong() - statementsAfterDispatch;
        long supervised = Math.max(1, Duration.between(sendStart, clock.instant()).toMillis() - enqueueMillis);
        managerStep.getExecutionContext().putLong(RunContextKeys.SUPERVISION_STATEMENTS, statements);
        managerStep.getExecutionContext().putLong(RunContextKeys.SUPERVISION_MILLIS, supervised);
        log.info("supervised {} partitions for {} ms with {} repository statements ({} per second)",
                result.size(), supervised, statements, String.format(java.util.Locale.ROOT, "%.1f",
                        statements * 1000.0 / supervised));
        for (StepExecution p : result) {
            if (p.getStatus().isRunning()) {
                // given up on (partition timeout): the run must not count as complete; restart settles the rest
                String stillIn = p.getStatus().name();
                p.setStatus(BatchStatus.FAILED);
                p.setExitStatus(new ExitStatus("TIMEOUT", p.getStepName() + ": still " + stillIn
                        + " when the manager stopped waiting"));
            }
        }
        return result;
    }

    /** Re-sends each INFRA failure with retries left as a new attempt of the same partition, after a backoff. */
    private void resendInfraFailures(StepExecution managerStep, long jobExecutionId, Map<String, StepExecution> latest)
            throws InterruptedException {
        for (long[] candidate : supervisor.retryCandidates(jobExecutionId, retry.maxRetries())) {
            StepExecution failed = jobRepository.getStepExecution(candidate[0]);
            int retryNumber = (int) candidate[1];
            StepExecution attempt = jobRepository.createStepExecution(failed.getStepName(),
                    managerStep.getJobExecution());
            attempt.setExecutionContext(new ExecutionContext(failed.getExecutionContext()));
            jobRepository.updateExecutionContext(attempt);
            latest.put(attempt.getStepName(), attempt);
            int delay = retry.delaySeconds(retryNumber);
            log.warn("retrying {} (INFRA, retry {} of {}) in {} s: {}", failed.getStepName(), retryNumber,
                    retry.maxRetries(), delay, failed.getExitStatus().getExitDescription());
            dispatcher.dispatch(List.of(attempt), delay);
        }
    }

    /**
     * Re-sends the request of each partition whose worker died mid-trial (STARTED, heartbeat older than the worker
     * lease), at most once per lease: its own message may have been taken by a host that saw the lease still live
     * and skipped it, or the dead worker's final commit failed after the message was deleted. A worker claims the
     * step execution from STARTED with the stale heartbeat (StepClaim) and runs it; a duplicate is skipped.
     */
    private void resendOrphans(long jobExecutionId) throws InterruptedException {
        Instant now = clock.instant();
        List<StepExecution> due = new ArrayList<>();
        for (long id : supervisor.orphans(jobExecutionId, workerLease)) {
            Instant last = orphansResent.get(id);
            if (last == null || Duration.between(last, now).compareTo(workerLease) >= 0) {
                orphansResent.put(id, now);
                due.add(jobRepository.getStepExecution(id));
            }
        }
        if (!due.isEmpty()) {
            log.warn("re-sending {} partitions whose worker stopped beating more than {} ago: {}", due.size(),
                    workerLease, due.stream().map(StepExecution::getStepName).toList());
            dispatcher.dispatch(due);
        }
    }

    /** Copies every partition's final state from the repository into the step executions to aggregate. */
    private void refresh(long jobExecutionId, Set<StepExecution> partitions) {
        Map<Long, StepExecution> byId = new HashMap<>();
        partitions.forEach(p -> byId.put(p.getId(), p));
        jdbc.query(FINAL_STATE, rs -> {
            StepExecution p = byId.get(rs.getLong("step_execution_id"));
            if (p != null) {
                copy(rs, p);
            }
        }, jobExecutionId, TrialStep.PARTITION_PREFIX + "%");
    }

    private static void copy(ResultSet rs, StepExecution p) throws SQLException {
        p.setStatus(BatchStatus.valueOf(rs.getString("status")));
        String exitCode = rs.getString("exit_code");
        p.setExitStatus(new ExitStatus(exitCode == null ? "UNKNOWN" : exitCode, nullToEmpty(rs.getString(
                "exit_message"))));
        p.setStartTime(local(rs.getTimestamp("start_time")));
        p.setEndTime(local(rs.getTimestamp("end_time")));
        p.setReadCount(rs.getLong("read_count"));
        p.setWriteCount(rs.getLong("write_count"));
        p.setCommitCount(rs.getLong("commit_count"));
        p.setRollbackCount(rs.getLong("rollback_count"));
        p.setFilterCount(rs.getLong("filter_count"));
        p.setReadSkipCount(rs.getLong("read_skip_count"));
        p.setWriteSkipCount(rs.getLong("write_skip_count"));
        p.setProcessSkipCount(rs.getLong("process_skip_count"));
    }

    private static LocalDateTime local(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
