package io.benchfleet.manager.job;

import io.benchfleet.manager.run.HistoricalDurations;
import io.benchfleet.manager.run.RunSpecLoader;
import java.time.Clock;

import io.awspring.cloud.sqs.integration.SqsMessageHandler;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.benchfleet.manager.ManagerProperties;
import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.manager.fleet.FleetRunListener;
import io.benchfleet.manager.partition.DeadLetterSweeper;
import io.benchfleet.manager.partition.PartitionDispatcher;
import io.benchfleet.manager.partition.PartitionSupervisor;
import io.benchfleet.manager.run.PartitionProgressQuery;
import io.benchfleet.manager.partition.RepositoryPollingPartitionHandler;
import io.benchfleet.manager.partition.SupervisionSettings;
import io.benchfleet.manager.partition.BulkStepExecutionSplitter;
import io.benchfleet.manager.partition.PartitionCreationTap;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import io.benchfleet.worker.config.RepositoryStatements;
import io.benchfleet.manager.report.PartialReportListener;
import io.benchfleet.manager.report.ReportGenerator;
import io.benchfleet.manager.report.ReportTasklet;
import io.benchfleet.manager.report.notify.NotificationTargets;
import io.benchfleet.manager.report.notify.NotifyProperties;
import io.benchfleet.manager.report.notify.RunNotifier;
import org.springframework.beans.factory.ObjectProvider;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.config.SqsClientConfiguration;
import io.benchfleet.worker.config.SqsProperties;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code benchmarkJob} = {@code partitionStep} (remote partitioning over SQS, completion polled in the repository)
 * → {@code reportStep}. When partitions failed or were stopped, the partition step's {@link PartialReportListener}
 * writes a partial report and the job ends FAILED (or STOPPED) so {@code restart} re-runs only what did not complete.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(NotifyProperties.class)
public class BenchmarkJobConfiguration {

    public static final String JOB_NAME = "benchmarkJob";
    public static final String PARTITION_STEP = "partitionStep";

    /** Jobs are launched asynchronously: the command line prints the execution id and then follows progress. */
    @Bean
    @BatchTaskExecutor
    TaskExecutor batchTaskExecutor() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("benchfleet-job-");
        executor.setVirtualThreads(false);
        return executor;
    }

    /** Created on first use: commands that only read the repository (status) need no SQS. */
    @Bean
    @Lazy
    MessageChannel partitionRequests(SqsProperties properties) {
        SqsTemplate template = SqsTemplate.builder().sqsAsyncClient(SqsClientConfiguration.newClient(properties))
                .configure(options -> options.queueNotFoundStrategy(QueueNotFoundStrategy.FAIL))
                .build();
        SqsMessageHandler handler = new SqsMessageHandler(template);
        handler.setBeanName("partitionRequestsToSqs");
        handler.setQueue(properties.queue());
        DirectChannel channel = new DirectChannel();
        channel.setBeanName("partitionRequests");
        channel.subscribe(handler);
        return channel;
    }

    @Bean
    RunStatusQuery runStatusQuery(JdbcTemplate jdbc) {
        return new RunStatusQuery(jdbc);
    }

    @Bean
    PartitionSupervisor partitionSupervisor(JdbcTemplate jdbc) {
        return new PartitionSupervisor(jdbc);
    }

    @Bean
    RunControl runControl(JdbcTemplate jdbc, JobRepository jobRepository) {
        return new RunControl(jdbc, jobRepository);
    }

    @Bean
    RunRecovery runRecovery(JdbcTemplate jdbc, ManagerProperties properties,
            @Value("${benchfleet.worker.lease:90s}") java.time.Duration workerLease) {
        return new RunRecovery(jdbc, properties.managerLease(), workerLease);
    }

    @Bean
    RunSpecLoader runSpecLoader() {
        return new RunSpecLoader();
    }

    @Bean
    PartitionProgressQuery partitionProgressQuery(JdbcTemplate jdbc) {
        return new PartitionProgressQuery(jdbc);
    }

    @Bean
    @StepScope
    BenchmarkPartitioner benchmarkPartitioner(@Value("#{stepExecution}") StepExecution stepExecution,
            RunSpecLoader specLoader, JdbcTemplate jdbc) {
        return new BenchmarkPartitioner(stepExecution, specLoader, new HistoricalDurations(jdbc));
    }

    /**
     * Created on first use (a lazy proxy is injected), so commands that never dispatch need no SQS; the queue is looked
     * up by the first sweep, which, like every sweep, tolerates an unreachable queue.
     */
    @Bean
    @Lazy
    DeadLetterSweeper deadLetterSweeper(SqsProperties sqsProperties, ManagerProperties properties, JdbcTemplate jdbc) {
        String dlq = properties.deadLetterQueue() == null ? sqsProperties.queue() + "-dlq"
                : properties.deadLetterQueue();
        SqsAsyncClient client = SqsClientConfiguration.newClient(sqsProperties);
        SqsProperties dlqProperties = new SqsProperties(dlq, sqsProperties.region(), sqsProperties.endpoint(),
                sqsProperties.accessKey(), sqsProperties.secretKey(), sqsProperties.maxConnections());
        return new DeadLetterSweeper(client, () -> SqsClientConfiguration.queueUrl(client, dlqProperties,
                "benchfleet.manager.dead-letter-queue (default: the queue's name + '-dlq'; 'none' sweeps nothing)"),
                jdbc);
    }

    @Bean
    RepositoryPollingPartitionHandler partitionHandler(@Lazy MessageChannel partitionRequests,
            PartitionProgressQuery progress, JobRepository jobRepository, JdbcTemplate jdbc,
            ManagerProperties properties, @Lazy DeadLetterSweeper deadLetters, PartitionSupervisor supervisor,
            FleetRunListener fleet, @Value("${benchfleet.worker.lease:90s}") java.time.Duration workerLease,
            RepositoryStatements statements) {
        return new RepositoryPollingPartitionHandler(
                new PartitionDispatcher(partitionRequests, properties.sendersInFlight()), progress, supervisor,
                "none".equals(properties.deadLetterQueue()) ? null : deadLetters, jobRepository, jdbc,
                SupervisionSettings.of(properties, workerLease), fleet, statements::count, Clock.systemUTC());
    }

    @Bean
    Step partitionStep(JobRepository jobRepository, BenchmarkPartitioner benchmarkPartitioner,
            RepositoryPollingPartitionHandler partitionHandler, JdbcTemplate jdbc, ArtifactStore artifacts,
            ExecutionContextSerializer serializer, PlatformTransactionManager tm) {
        // a first run creates its partitions in bulk; a restart goes through Spring Batch's splitter (and its restart
        // rules), its repository tapped so each partition is dispatched as soon as it is created
        JobRepository tapped = PartitionCreationTap.tap(jobRepository, TrialStep.PARTITION_PREFIX,
                partitionHandler::partitionCreated);
        return new StepBuilder(PARTITION_STEP, jobRepository)
                .partitioner(TrialStep.NAME, benchmarkPartitioner)
                .splitter(new BulkStepExecutionSplitter(TrialStep.NAME, benchmarkPartitioner,
                        jobRepository, jdbc, serializer, tm, new SimpleStepExecutionSplitter(tapped,
                                TrialStep.NAME, benchmarkPartitioner)))
                .partitionHandler(partitionHandler)
                .listener(new PartialReportListener(ReportGenerator.over(jdbc, artifacts, Clock.systemUTC())))
                .build();
    }

    @Bean
    ReportTasklet reportTasklet(JdbcTemplate jdbc, ArtifactStore artifacts) {
        return new ReportTasklet(ReportGenerator.over(jdbc, artifacts, Clock.systemUTC()));
    }

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager tm, ReportTasklet reportTasklet) {
        return new StepBuilder("reportStep", jobRepository).tasklet(reportTasklet, tm).allowStartIfComplete(true)
                .build();
    }

    /** Notices at the end of every run; {@code serve} adds its schedules' targets ({@code Routing} bean). */
    @Bean
    RunNotifier runNotifier(NotifyProperties properties, ObjectProvider<NotificationTargets.Routing> routing) {
        return new RunNotifier(properties, routing.getIfAvailable());
    }

    @Bean
    Job benchmarkJob(JobRepository jobRepository, Step partitionStep, Step reportStep, FleetRunListener fleet,
            RunNotifier notifier) {
        return new JobBuilder(JOB_NAME, jobRepository).listener(fleet).listener(notifier).start(partitionStep)
                .next(reportStep).build();
    }
}
