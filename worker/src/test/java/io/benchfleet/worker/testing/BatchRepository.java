package io.benchfleet.worker.testing;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.TrialStep;
import org.flywaydb.core.Flyway;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The real job repository for worker tests: a fresh schema of the test PostgreSQL with benchfleet's Flyway migrations
 * (Spring Batch's tables and {@code trial_result}), Spring Batch's JDBC {@link JobRepository} on it, and partitions
 * created the way the manager creates them (a job execution and a {@code trial:<key>} step execution whose context is
 * the partition's). The schema is dropped on {@link #close()}.
 */
public final class BatchRepository implements AutoCloseable {

    private final String schema = "worker_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String url;
    private final DriverManagerDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final PlatformTransactionManager transactionManager;
    private final JobRepository jobRepository;

    public BatchRepository() throws Exception {
        String url = System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        new JdbcTemplate(new DriverManagerDataSource(url, "postgres", "")).execute("CREATE SCHEMA " + schema);
        Flyway.configure().dataSource(url, "postgres", "").schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration").load().migrate();
        this.url = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        dataSource = new DriverManagerDataSource(this.url, "postgres", "");
        jdbc = new JdbcTemplate(dataSource);
        transactionManager = new DataSourceTransactionManager(dataSource);
        jobRepository = jobRepository(dataSource, transactionManager);
    }

    /** Spring Batch's JDBC job repository on {@code dataSource} (e.g. this one's, wrapped to count statements). */
    public static JobRepository jobRepository(DataSource dataSource, PlatformTransactionManager transactionManager)
            throws Exception {
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(transactionManager);
        factory.setDatabaseType("POSTGRES");
        factory.afterPropertiesSet();
        return factory.getObject();
    }

    /** A new repository for a test field initialiser (no checked exception). */
    public static BatchRepository create() {
        try {
            return new BatchRepository();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test repository: " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of this repository's schema (user postgres, no password), e.g. for a pool of its own. */
    public String url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public PlatformTransactionManager transactionManager() {
        return transactionManager;
    }

    public JobRepository jobRepository() {
        return jobRepository;
    }

    /** A new run (job instance and execution) with one partition step execution carrying {@code partition}. */
    public StepExecution partition(Partition partition, Map<String, Object> extraContext) {
        JobParameters parameters = new JobParametersBuilder().addString("runId", UUID.randomUUID().toString())
                .toJobParameters();
        JobInstance instance = jobRepository.createJobInstance("benchmarkJob", parameters);
        JobExecution job = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution step = jobRepository.createStepExecution(TrialStep.PARTITION_PREFIX + partition.key(), job);
        partition.toContext().forEach(step.getExecutionContext()::put);
        extraContext.forEach(step.getExecutionContext()::put);
        jobRepository.updateExecutionContext(step);
        return step;
    }

    @Override
    public void close() {
        jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
