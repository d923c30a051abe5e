package io.benchfleet.manager.partition;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.jdbc.JdbcExecutionContextDao;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates partition step executions as rows, in bulk and inside the caller's transaction: the rows Spring Batch's
 * {@code JdbcStepExecutionDao} writes for a new step execution (version 0, STARTING, counts 0), their contexts
 * through Spring Batch's own {@link JdbcExecutionContextDao#saveExecutionContexts} and the one context serializer.
 * Spring Batch's {@code JobRepository} creates one step execution per round trips of its own and refuses to join a
 * transaction; these rows can be written with a run's lease locked (fencing) and 750 at a time.
 */
final class PartitionStepRows {

    private static final String NEXT_IDS = "SELECT nextval('batch_step_execution_seq') FROM generate_series(1, ?)";
    private static final String INSERT = """
            INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, start_time,
                end_time, status, commit_count, read_count, filter_count, write_count, exit_code, exit_message,
                read_skip_count, write_skip_count, process_skip_count, rollback_count, last_updated, create_time)
            VALUES (?, 0, ?, ?, NULL, NULL, ?, 0, 0, 0, 0, ?, ?, 0, 0, 0, 0, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final JdbcExecutionContextDao contexts;

    PartitionStepRows(JdbcTemplate jdbc, ExecutionContextSerializer serializer) {
        this.jdbc = jdbc;
        this.contexts = new JdbcExecutionContextDao();
        contexts.setJdbcTemplate(jdbc);
        contexts.setSerializer(serializer);
        try {
            contexts.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the execution context DAO", e);
        }
    }

    /**
     * New STARTING step executions of {@code job}, one per entry (step execution name → its context), in the
     * entries' order, added to {@code job}. Call inside a transaction: the rows and their contexts commit together.
     */
    List<StepExecution> insert(JobExecution job, Map<String, ExecutionContext> byName) {
        List<Long> ids = jdbc.queryForList(NEXT_IDS, Long.class, byName.size());
        LocalDateTime now = LocalDateTime.now();
        List<StepExecution> created = new ArrayList<>(byName.size());
        int i = 0;
        for (Map.Entry<String, ExecutionContext> partition : byName.entrySet()) {
            StepExecution step = new StepExecution(ids.get(i++), partition.getKey(), job);
            step.setExecutionContext(partition.getValue());
            step.setStatus(BatchStatus.STARTING);
            step.setExitStatus(ExitStatus.EXECUTING);
            step.setCreateTime(now);
            step.setLastUpdated(now);
            step.setVersion(0);
            created.add(step);
        }
        Timestamp at = Timestamp.valueOf(now);
        jdbc.batchUpdate(INSERT, created.stream().map(s -> new Object[] {s.getId(), s.getStepName(), job.getId(),
                s.getStatus().name(), s.getExitStatus().getExitCode(), s.getExitStatus().getExitDescription(), at,
                at}).toList());
        contexts.saveExecutionContexts(created);
        created.forEach(job::addStepExecution);
        return created;
    }
}
