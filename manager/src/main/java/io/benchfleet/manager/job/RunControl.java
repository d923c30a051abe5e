package io.benchfleet.manager.job;

import java.util.List;
import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/** Looks up what the operator commands act on: a run's latest execution and its parameters. */
public class RunControl {

    private static final String LATEST_OF_INSTANCE = """
            SELECT max(e2.job_execution_id) FROM batch_job_execution e1
              JOIN batch_job_execution e2 ON e2.job_instance_id = e1.job_instance_id
             WHERE e1.job_execution_id = ?""";

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;

    public RunControl(JdbcTemplate jdbc, JobRepository jobRepository) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
    }

    /** The newest execution of the run (job instance) that {@code jobExecutionId} belongs to. */
    public Optional<Long> latestExecutionOfRun(long jobExecutionId) {
        List<Long> ids = jdbc.queryForList(LATEST_OF_INSTANCE, Long.class, jobExecutionId);
        return ids.isEmpty() || ids.get(0) == null ? Optional.empty() : Optional.of(ids.get(0));
    }

    public JobParameters parameters(long jobExecutionId) {
        JobExecution execution = jobRepository.getJobExecution(jobExecutionId);
        return execution.getJobParameters();
    }
}
