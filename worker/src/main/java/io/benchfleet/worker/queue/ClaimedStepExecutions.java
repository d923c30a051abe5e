package io.benchfleet.worker.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads the step execution a worker has just claimed, with its job execution and both execution contexts, in one
 * query where Spring Batch's {@code JobRepository#getStepExecution} sends eight (30% of a partition thread's time in
 * the fleet benchmark's profile). What a job execution never changes - its job instance and parameters - is taken from
 * Spring Batch's own full load of the first partition of that job execution this host runs, and kept for the next
 * ones; everything else (statuses, versions, times, counts, contexts) is read fresh each time and mapped as Spring
 * Batch's row mappers and execution-context DAO map it, contexts through the same {@link ExecutionContextSerializer}.
 */
public class ClaimedStepExecutions {

    /** Job executions whose instance and parameters are kept (a host runs partitions of a few runs at a time). */
    static final int KEPT_JOB_EXECUTIONS = 16;

    private static final String LOAD = """
            SELECT s.step_execution_id, s.step_name, s.start_time, s.end_time, s.status, s.commit_count, s.read_count,
                   s.filter_count, s.write_count, s.exit_code, s.exit_message, s.read_skip_count, s.write_skip_count,
                   s.process_skip_count, s.rollback_count, s.last_updated, s.version, s.create_time,
                   e.job_execution_id, e.start_time AS job_start_time, e.end_time AS job_end_time,
                   e.status AS job_status, e.exit_code AS job_exit_code, e.exit_message AS job_exit_message,
                   e.create_time AS job_create_time, e.last_updated AS job_last_updated, e.version AS job_version,
                   sc.short_context AS step_short_context, sc.serialized_context AS step_serialized_context,
                   jc.short_context AS job_short_context, jc.serialized_context AS job_serialized_context
              FROM batch_step_execution s
              JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
              LEFT JOIN batch_step_execution_context sc ON sc.step_execution_id = s.step_execution_id
              LEFT JOIN batch_job_execution_context jc ON jc.job_execution_id = s.job_execution_id
             WHERE s.step_execution_id = ?""";

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final ExecutionContextSerializer serializer;
    private final Map<Long, Unchanging> kept = new LinkedHashMap<>(KEPT_JOB_EXECUTIONS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Unchanging> eldest) {
            return size() > KEPT_JOB_EXECUTIONS;
        }
    };

    /** What a job execution never changes. */
    private record Unchanging(long instanceId, String jobName, Integer instanceVersion, JobParameters parameters) {

        JobInstance instance() {
            JobInstance instance = new JobInstance(instanceId, jobName);
            instance.setVersion(instanceVersion);
            return instance;
        }
    }

    /** Marks a step execution the query found but whose job execution is not kept yet. */
    private static final StepExecution NOT_KEPT = new StepExecution(-1, "not kept", new JobExecution(-1,
            new JobInstance(-1, "not kept"), new JobParameters()));

    public ClaimedStepExecutions(JdbcTemplate jdbc, JobRepository jobRepository, ExecutionContextSerializer serializer) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.serializer = serializer;
    }

    /** The step execution {@code stepExecutionId} as it is in the repository now; null when there is none. */
    public StepExecution load(long stepExecutionId) {
        StepExecution loaded = jdbc.query(LOAD, rs -> {
            if (!rs.next()) {
                return null;
            }
            Unchanging unchanging = kept(rs.getLong("job_execution_id"));
            return unchanging == null ? NOT_KEPT : map(rs, unchanging);
        }, stepExecutionId);
        if (loaded != NOT_KEPT) {
            return loaded;
        }
        // the first partition of its job execution on this host: Spring Batch's own full load
        StepExecution full = jobRepository.getStepExecution(stepExecutionId);
        if (full != null) {
            JobExecution job = full.getJobExecution();
            synchronized (kept) {
                kept.put(job.getId(), new Unchanging(job.getJobInstance().getInstanceId(),
                        job.getJobInstance().getJobName(), job.getJobInstance().getVersion(), job.getJobParameters()));
            }
        }
        return full;
    }

    private Unchanging kept(long jobExecutionId) {
        synchronized (kept) {
            return kept.get(jobExecutionId);
        }
    }

    private StepExecution map(ResultSet rs, Unchanging unchanging) throws SQLException {
        JobExecution job = new JobExecution(rs.getLong("job_execution_id"), unchanging.instance(),
                unchanging.parameters());
        job.setStartTime(time(rs, "job_start_time"));
        job.setEndTime(time(rs, "job_end_time"));
        job.setStatus(BatchStatus.valueOf(rs.getString("job_status")));
        job.setExitStatus(new ExitStatus(rs.getString("job_exit_code"), rs.getString("job_exit_message")));
        job.setCreateTime(time(rs, "job_create_time"));
        job.setLastUpdated(time(rs, "job_last_updated"));
        job.setVersion(rs.getInt("job_version"));
        job.setExecutionContext(context(rs, "job"));

        StepExecution step = new StepExecution(rs.getLong("step_execution_id"), rs.getString("step_name"), job);
        step.setStartTime(time(rs, "start_time"));
        step.setEndTime(time(rs, "end_time"));
        step.setStatus(BatchStatus.valueOf(rs.getString("status")));
        step.setCommitCount(rs.getLong("commit_count"));
        step.setReadCount(rs.getLong("read_count"));
        step.setFilterCount(rs.getLong("filter_count"));
        step.setWriteCount(rs.getLong("write_count"));
        step.setExitStatus(new ExitStatus(rs.getString("exit_code"), rs.getString("exit_message")));
        step.setReadSkipCount(rs.getLong("read_skip_count"));
        step.setWriteSkipCount(rs.getLong("write_skip_count"));
        step.setProcessSkipCount(rs.getLong("process_skip_count"));
        step.setRollbackCount(rs.getLong("rollback_count"));
        step.setLastUpdated(time(rs, "last_updated"));
        step.setVersion(rs.getInt("version"));
        step.setCreateTime(time(rs, "create_time"));
        step.setExecutionContext(context(rs, "step"));
        return step;
    }

    private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toLocalDateTime();
    }

    /** As Spring Batch's execution-context DAO reads it: the serialized context, else the short one, else empty. */
    private ExecutionContext context(ResultSet rs, String owner) throws SQLException {
        String serialized = rs.getString(owner + "_serialized_context");
        if (serialized == null) {
            serialized = rs.getString(owner + "_short_context");
        }
        if (serialized == null) {
            return new ExecutionContext();
        }
        try {
            return new ExecutionContext(serializer.deserialize(new ByteArrayInputStream(serialized.getBytes(
                    StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to deserialize the " + owner + " execution context", e);
        }
    }
}
