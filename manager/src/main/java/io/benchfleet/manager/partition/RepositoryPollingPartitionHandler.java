package io.benchfleet.manager.partition;

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
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remote partitioning over a message channel with completion found by polling the shared job repository, like
 * spring-batch-integration's {@code MessageChannelPartitionHandler}, but polling with ONE aggregate query per
 * interval ({@link PartitionProgressQuery}) and refreshing the partitions' final state with one more query at the
 * end, instead of loading the whole job execution with every step execution and its context on every interval.
 *
 * <p>Partitions are dispatched in plan order (longest expected first).
 */
public class RepositoryPollingPartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RepositoryPollingPartitionHandler.class);

    private static final String FINAL_STATE = """
            SELECT step_execution_id, status, exit_code, exit_message, start_time, end_time, read_count, write_count,
                   commit_count, rollback_count, filter_count, read_skip_count, write_skip_count, process_skip_count
              FROM batch_step_execution
             WHERE job_execution_id = ? AND step_name LIKE ?""";

    /** Manager step context entries: when dispatch started (epoch ms) and how long sending all requests took. */
    public static final String DISPATCH_STARTED_AT = "benchfleet.dispatchStartedAt";
    public static final String ENQUEUE_MILLIS = "benchfleet.enqueueMillis";

    private final PartitionDispatcher dispatcher;
    private final PartitionProgressQuery progress;
    private final JdbcTemplate jdbc;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Clock clock;

    public RepositoryPollingPartitionHandler(PartitionDispatcher dispatcher, PartitionProgressQuery progress,
            JdbcTemplate jdbc, Duration pollInterval, Duration timeout, Clock clock) {
        this.dispatcher = dispatcher;
        this.progress = progress;
        this.jdbc = jdbc;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStep, Set<StepExecution> partitions)
            throws Exception {
        if (partitions.isEmpty()) {
            return partitions;
        }
        List<StepExecution> ordered = new ArrayList<>(partitions);
        ordered.sort(Comparator.comparingInt(p -> p.getExecutionContext().getInt(PartitionContextKeys.ORDER, 0)));
        Instant sendStart = clock.instant();
        dispatcher.dispatch(ordered);
        long enqueueMillis = Duration.between(sendStart, clock.instant()).toMillis();
        managerStep.getExecutionContext().putLong(DISPATCH_STARTED_AT, sendStart.toEpochMilli());
        managerStep.getExecutionContext().putLong(ENQUEUE_MILLIS, enqueueMillis);
        log.info("enqueued {} partition requests in {} ms", ordered.size(), enqueueMillis);

        long jobExecutionId = managerStep.getJobExecutionId();
        Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
        PartitionProgress current = progress.forJobExecution(jobExecutionId);
        while (!current.allFinished()) {
            if (deadline != null && clock.instant().isAfter(deadline)) {
                log.warn("gave up waiting after {}: {} of {} partitions unfinished", timeout,
                        current.total() - current.finished(), current.total());
                break;
            }
            Thread.sleep(pollInterval.toMillis());
            current = progress.forJobExecution(jobExecutionId);
        }
        refresh(jobExecutionId, partitions);
        return partitions;
    }

    /** Copies every partition's final state from the repository into the step executions the splitter made. */
    private void refresh(long jobExecutionId, Set<StepExecution> partitions) {
        Map<Long, StepExecution> byId = new HashMap<>();
        partitions.forEach(p -> byId.put(p.getId(), p));
        jdbc.query(FINAL_STATE, rs -> {
            StepExecution p = byId.get(rs.getLong("step_execution_id"));
            if (p != null) {
                copy(rs, p);
            }
        }, jobExecutionId, PartitionProgressQuery.PARTITION_PREFIX + "%");
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
