package io.benchfleet.manager.job;

import java.time.Clock;

import io.awspring.cloud.sqs.integration.SqsMessageHandler;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.manager.ManagerProperties;
import io.benchfleet.manager.fleet.FleetRunListener;
import io.benchfleet.manager.partition.BulkStepExecutionSplitter;
import io.benchfleet.manager.partition.DeadLetterSweeper;
import io.benchfleet.manager.partition.HandedOverRuns;
import io.benchfleet.manager.partition.ManagerShutdown;
import io.benchfleet.manager.partition.PartitionCreationTap;
import io.benchfleet.manager.partition.PartitionDispatcher;
import io.benchfleet.manager.partition.PartitionSupervisor;
import io.benchfleet.manager.partition.RepositoryPollingPartitionHandler;
import io.benchfleet.manager.partition.SlotShare;
import io.benchfleet.manager.partition.SupervisionSettings;
import io.benchfleet.manager.report.PartialReportListener;
import io.benchfleet.manager.report.ReportGenerator;
import io.benchfleet.manager.report.ReportTasklet;
import io.benchfleet.manager.report.notify.NotificationTargets;
import io.benchfleet.manager.report.notify.NotifyProperties;
import io.benchfleet.manager.report.notify.RunNotifier;
import io.benchfleet.manager.run.HistoricalDurations;
import io.benchfleet.manager.run.PartitionProgressQuery;
import io.benchfleet.manager.run.RunLease;
import io.benchfleet.manager.run.RunSpecLoader;
import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.config.RepositoryStatements;
import io.benchfleet.worker.config.SqsClientConfiguration;
import io.benchfleet.worker.config.SqsProperties;
import io.benchfleet.worker.config.WorkerProperties;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.batch.autoconfigure.BatchTaskExecutor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * {@code benchmarkJob} = {@code partitionStep} (remote partitioning over SQS, completion polled in the repository)
 * → {@code reportStep}. When partitions failed or were stopped, the partition step's {@link PartialReportListener}
 * writes a partial report and the job ends FAILED (or STOPPED) so {@code restart} re-runs only what did not complete.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NotifyProperties.class, WorkerProperties.class})
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

    /** Every job repository write of this manager's own jobs is fenced by its run's lease. */
    @Bean
    static BeanPostProcessor fencedJobRepository(ObjectProvider<RunLease> lease) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JobRepository repository
                        ? FencedJobRepository.fence(repository, lease::getObject, TrialStep.PARTITION_PREFIX) : bean;
            }
        };
    }

    @Bean
    RunStatusQuery runStatusQuery(JdbcTemplate jdbc) {
        return new RunStatusQuery(jdbc);
    }

    @Bean(destroyMethod = "close")
    RunLease runLease(JdbcTemplate jdbc, ManagerProperties properties) {
        return new RunLease(jdbc, properties.managerLease(), properties.pollInterval());
    }

    @Bean
    ManagerShutdown managerShutdown() {
        return new ManagerShutdown();
    }

    @Bean
    HandedOverRuns handedOverRuns(ManagerShutdown shutdown, RunLease lease) {
        return new HandedOverRuns(shutdown, lease);
    }

    /** The runs this process drives: their leases, and their stop when the process stops. */
    @Bean
    ManagedRuns managedRuns(RunLease lease, ManagerShutdown shutdown, ManagerProperties properties) {
        return new ManagedRuns(lease, shutdown, properties.stopTimeout(), System.out);
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
    RunRecovery runRecovery(JdbcTemplate jdbc, RunLease lease, WorkerProperties workers) {
        return new RunRecovery(jdbc, lease, workers.lease());
    }

    /** Every launcher (run, restart, the schedules) starts runs through this. */
    @Bean
    RunStarts runStarts(JobOperator jobOperator, JobRepository jobRepository, @Lazy Job benchmarkJob,
            RunRecovery recovery, RunControl control, RunSpecLoader specLoader, WorkerProperties workers,
            ObjectProvider<SqsAsyncClient> sqs, SqsProperties sqsProperties) {
        return new RunStarts(jobOperator, jobRepository, benchmarkJob, recovery, control, specLoader, workers.lease(),
                () -> SqsClientConfiguration.queueUrl(sqs.getObject(), sqsProperties));
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
            RunSpecLoader specLoader, JdbcTemplate jdbc, @Value("${benchfleet.local:false}") boolean localRun) {
        return new BenchmarkPartitioner(stepExecution, specLoader, new HistoricalDurations(jdbc), localRun);
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

    /** The manager's statements to the job repository, counted (its load on PostgreSQL, in the supervision log). */
    @Bean
    RepositoryStatements repositoryStatements() {
        return new RepositoryStatements();
    }

    @Bean
    RepositoryPollingPartitionHandler partitionHandler(@Lazy MessageChannel partitionRequests,
            PartitionProgressQuery progress, JobRepository jobRepository, JdbcTemplate jdbc,
            ManagerProperties properties, @Lazy DeadLetterSweeper deadLetters, PartitionSupervisor supervisor,
            FleetRunListener fleet, WorkerProperties workers,
            RepositoryStatements statements, RunLease lease, ManagerShutdown shutdown,
            PlatformTransactionManager transactionManager, ExecutionContextSerializer serializer, SlotShare share) {
        return new RepositoryPollingPartitionHandler(
                new PartitionDispatcher(partitionRequests, properties.sendersInFlight()), progress, supervisor,
                "none".equals(properties.deadLetterQueue()) ? null : deadLetters, jobRepository, jdbc,
                SupervisionSettings.of(properties, workers.lease()), fleet, statements::count, Clock.systemUTC(), lease,
                shutdown, new TransactionTemplate(transactionManager), serializer, share);
    }

    @Bean
    Step partitionStep(JobRepository jobRepository, BenchmarkPartitioner benchmarkPartitioner,
            RepositoryPollingPartitionHandler partitionHandler, JdbcTemplate jdbc, ArtifactStore artifacts,
            ExecutionContextSerializer serializer, PlatformTransactionManager tm, RunLease lease) {
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
                .listener(new PartialReportListener(lease, ReportGenerator.over(jdbc, artifacts, Clock.systemUTC())))
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
    RunNotifier runNotifier(NotifyProperties properties, ObjectProvider<NotificationTargets.Routing> routing,
            HandedOverRuns handedOver) {
        return new RunNotifier(properties, routing.getIfAvailable(), handedOver);
    }

    @Bean
    Job benchmarkJob(JobRepository jobRepository, Step partitionStep, Step reportStep, ManagedRuns runs,
            FleetRunListener fleet, RunNotifier notifier) {
        return new JobBuilder(JOB_NAME, jobRepository).listener(runs).listener(fleet)
                .listener(notifier).start(partitionStep)
                .next(reportStep).build();
    }
}
