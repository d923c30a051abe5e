package io.benchfleet.manager.partition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Copies every partition's final state from the repository into the step executions Spring Batch aggregates, in
 * one query. A partition still running when the manager stopped waiting counts as not complete, so {@code restart}
 * settles the rest: {@code TIMEOUT} (failed) after the partition timeout, {@code STOPPED} when the manager stopped
 * on a signal and left it to finish on its worker.
 */
final class PartitionFinalState {

    private static final String FINAL_STATE = """
            SELECT step_execution_id, status, exit_code, exit_message, start_time, end_time, read_count, write_count,
                   commit_count, rollback_count, filter_count, read_skip_count, write_skip_count, process_skip_count
              FROM batch_step_execution
             WHERE job_execution_id = ? AND step_name LIKE ?""";

    private final JdbcTemplate jdbc;

    PartitionFinalState(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Set<StepExecution> of(long jobExecutionId, Set<StepExecution> partitions, boolean leftRunning) {
        Map<Long, StepExecution> byId = new HashMap<>();
        partitions.forEach(p -> byId.put(p.getId(), p));
        jdbc.query(FINAL_STATE, rs -> {
            StepExecution p = byId.get(rs.getLong("step_execution_id"));
            if (p != null) {
                copy(rs, p);
            }
        }, jobExecutionId, TrialStep.PARTITION_PREFIX + "%");
        for (StepExecution p : partitions) {
            if (p.getStatus().isRunning() && leftRunning) {
                p.setStatus(BatchStatus.STOPPED);
                p.setExitStatus(new ExitStatus("STOPPED", p.getStepName() + ": left running on its worker when "
                        + "the manager stopped"));
            } else if (p.getStatus().isRunning()) {
                String stillIn = p.getStatus().name();
                p.setStatus(BatchStatus.FAILED);
                p.setExitStatus(new ExitStatus("TIMEOUT", p.getStepName() + ": still " + stillIn
                        + " when the manager stopped waiting"));
            }
        }
        return partitions;
    }

    private static void copy(ResultSet rs, StepExecution p) throws SQLException {
        p.setStatus(BatchStatus.valueOf(rs.getString("status")));
        String exitCode = rs.getString("exit_code");
        String exitMessage = rs.getString("exit_message");
        p.setExitStatus(new ExitStatus(exitCode == null ? "UNKNOWN" : exitCode, exitMessage == null ? ""
                : exitMessage));
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
}
