package io.benchfleet.worker.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.benchfleet.jobdefs.plan.ExecutorNames;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.artifact.PendingArchiveSweeper;
import io.benchfleet.worker.artifact.TrialArchiver;
import io.benchfleet.worker.docker.DockerClients;
import io.benchfleet.worker.docker.HarborCommandLine;
import io.benchfleet.worker.docker.HarborComposeProjects;
import io.benchfleet.worker.docker.HarborDockerExecutor;
import io.benchfleet.worker.docker.ProcessTrialExecutor;
import io.benchfleet.worker.host.DiskGuard;
import io.benchfleet.worker.host.AutoScalingLifecycleAction;
import io.benchfleet.worker.host.HostMaintenance;
import io.benchfleet.worker.host.HostRegistration;
import io.benchfleet.worker.host.LifecycleAction;
import io.benchfleet.worker.host.WorkerRegistry;
import io.benchfleet.worker.host.HostStart;
import io.benchfleet.worker.host.HostStatus;
import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.queue.PartitionHeartbeat;
import io.benchfleet.worker.queue.ClaimedStepExecutions;
import io.benchfleet.worker.queue.PartitionRequestHandler;
import io.benchfleet.worker.queue.HostDrain;
import io.benchfleet.worker.queue.InstanceNotices;
import io.benchfleet.worker.queue.StepClaim;
import io.benchfleet.worker.queue.WorkerConsumers;
import io.benchfleet.worker.queue.WorkerHealthIndicator;
import io.benchfleet.worker.result.TrialResultRepository;
import io.benchfleet.worker.trial.ChangedStepWrites;
import io.benchfleet.worker.trial.SimulatedTrialExecutor;
import io.benchfleet.worker.trial.TrialEvaluator;
import io.benchfleet.worker.trial.TrialExecutor;
import io.benchfleet.worker.trial.TrialTasklet;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The worker side: SQS consumers → guarded step execution → the trial step ({@code trial}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "benchfleet.worker.enabled", havingValue = "true")
@EnableConfigurationProperties({WorkerProperties.class, SimulatedTrialProperties.class, DockerProperties.class,
        DiskProperties.class, HostFleetProperties.class})
public class WorkerConfiguration {

    @Bean
    TrialExecutor trialExecutor(WorkerProperties properties, SimulatedTrialProperties simulated,
            DockerProperties docker) {
        return switch (properties.executor()) {
            case ExecutorNames.SIMULATED -> new SimulatedTrialExecutor(simulated, Clock.systemUTC());
            // a client of benchfleet.worker.docker.host; start-up (orphan clean-up, pre-pulls) runs in the background
            case ExecutorNames.DOCKER -> HarborDockerExecutor.create(docker, properties.host(), properties.jobsDir());
            case ExecutorNames.PROCESS -> new ProcessTrialExecutor(new HarborCommandLine(docker.harborExecutable(),
                    docker.registryPath()), docker.stopGrace(), System::getenv, properties.host(),
                    new HarborComposeProjects(DockerClients.create(docker.host()), docker.host()));
            default -> throw new IllegalStateException("benchfleet.worker.executor=" + properties.executor()
                    + " is unknown: use simulated, docker or process");
        };
    }

    /** Spring Batch's step meters of all partitions in one series (Spring Boot applies it to its registries). */
    @Bean
    MeterFilter partitionStepMetrics() {
        return PartitionStepMetrics.oneSeriesForAllPartitions();
    }

    @Bean
    TrialResultRepository trialResultRepository(JdbcTemplate jdbcTemplate) {
        return new TrialResultRepository(jdbcTemplate);
    }

    @Bean
    LocalTrialDirectories localTrialDirectories() {
        return new LocalTrialDirectories();
    }

    @Bean
    DiskGuard diskGuard(WorkerProperties properties, DiskProperties disk, TrialExecutor executor) {
        DiskGuard guard = new DiskGuard(properties.jobsDir(), disk, Clock.systemUTC());
        if (executor instanceof HarborDockerExecutor docker) {
            guard.reclaimWith(bytes -> docker.images().reclaim(bytes));
        }
        return guard;
    }

    @Bean
    HostStatus hostStatus(WorkerProperties properties, DiskGuard disk, LocalTrialDirectories directories,
            WorkerConsumers consumers, TrialExecutor executor, HostIdentity identity, HostFleetProperties fleet) {
        HostStatus status = new HostStatus(properties.host(), disk, directories, consumers::isRunning,
                !(executor instanceof HarborDockerExecutor), Clock.systemUTC(),
                HostStart.of(identity.metadata(), Clock.systemUTC()),
                ProcessHandle.current().info().startInstant().orElse(null), fleet.bootWindow());
        if (executor instanceof HarborDockerExecutor docker) {
            docker.readiness().onReady(status::executorReady);
        }
        consumers.guardedBy(disk, status);
        return status;
    }

    @Bean
    TrialArchiver trialArchiver(ArtifactStore artifacts, ArtifactProperties properties) {
        return new TrialArchiver(artifacts, properties.archiveAttempts(), properties.archiveBackoff());
    }

    @Bean
    TrialTasklet trialTasklet(TrialExecutor executor, TrialArchiver archiver, TrialResultRepository results,
            LocalTrialDirectories directories, WorkerProperties properties, PlatformTransactionManager transactions) {
        return new TrialTasklet(executor, new TrialEvaluator(), archiver, results, directories, properties.jobsDir(),
                properties.keepTrialDirs(), Clock.systemUTC(), transactions);
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler workerHousekeepingScheduler() {
        // housekeeping, registry beats, instance notices, lifecycle-hook heartbeats while draining
        return DaemonSchedulers.of("benchfleet-housekeeping-", 4);
    }

    /** The archive sweeper and, with the docker executor, the janitor, on Spring's TaskScheduler. */
    @Bean
    HostMaintenance hostMaintenance(ThreadPoolTaskScheduler workerHousekeepingScheduler, TrialResultRepository results,
            TrialArchiver archiver, LocalTrialDirectories directories, WorkerProperties properties,
            ArtifactProperties artifacts, DockerProperties docker, TrialExecutor executor, DiskGuard disk) {
        List<HostMaintenance.Task> tasks = new ArrayList<>();
        PendingArchiveSweeper sweeper = new PendingArchiveSweeper(results, archiver, directories,
                properties.jobsDir(), properties.host());
        tasks.add(new HostMaintenance.Task("archive sweep of " + properties.host(), artifacts.sweepInterval(),
                sweeper::sweep));
        if (executor instanceof HarborDockerExecutor harbor) {
            tasks.add(new HostMaintenance.Task("Docker janitor of " + properties.host(), docker.janitorInterval(),
                    harbor.janitor(properties.jobsDir(), disk)::sweep));
        }
        return new HostMaintenance(workerHousekeepingScheduler, tasks);
    }

    @Bean
    public Step trialStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            TrialTasklet trialTasklet) {
        // a partition's step writes only what changed (ChangedStepWrites): half the repository writes per trial
        return new StepBuilder(TrialStep.NAME, ChangedStepWrites.of(jobRepository))
                .tasklet(trialTasklet, transactionManager)
                .build();
    }

    @Bean(destroyMethod = "close")
    PartitionHeartbeat partitionHeartbeat(JdbcTemplate jdbcTemplate, SqsAsyncClient sqs, WorkerProperties properties) {
        return new PartitionHeartbeat(jdbcTemplate, sqs, properties.heartbeatInterval(), properties.lease());
    }

    @Bean
    PartitionRequestHandler partitionRequestHandler(JobRepository jobRepository, Step trialStep,
            JdbcTemplate jdbcTemplate, PartitionHeartbeat heartbeat, WorkerProperties properties,
            ExecutionContextSerializer executionContextSerializer) {
        return new PartitionRequestHandler(new ClaimedStepExecutions(jdbcTemplate, jobRepository,
                executionContextSerializer), trialStep, new StepClaim(jdbcTemplate, properties.lease()), heartbeat);
    }

    @Bean
    WorkerHealthIndicator workerHealthIndicator(WorkerConsumers consumers, PartitionHeartbeat heartbeat,
            TrialExecutor trialExecutor, HostStatus hostStatus) {
        return new WorkerHealthIndicator(consumers, heartbeat, trialExecutor, hostStatus);
    }

    @Bean
    WorkerRegistry workerRegistry(JdbcTemplate jdbcTemplate) {
        return new WorkerRegistry(jdbcTemplate);
    }

    @Bean
    HostIdentity hostIdentity(HostFleetProperties fleet) {
        return HostIdentity.of(fleet);
    }

    @Bean
    HostRegistration hostRegistration(WorkerRegistry registry, HostIdentity identity, WorkerProperties properties,
            ThreadPoolTaskScheduler workerHousekeepingScheduler, WorkerConsumers consumers, HostStatus hostStatus) {
        WorkerRegistry.Registration registration = new WorkerRegistry.Registration(properties.host(),
                identity.group(), identity.instanceId(), consumers.slots(), properties.executor(), version());
        HostRegistration hostRegistration = new HostRegistration(registry, () -> registration,
                workerHousekeepingScheduler, properties.heartbeatInterval(), consumers::busySlots,
                hostStatus::drainingReason, hostStatus::bootToReady);
        hostStatus.onReady(hostRegistration::beat);
        return hostRegistration;
    }

    @Bean
    LifecycleAction lifecycleAction(HostFleetProperties fleet, HostIdentity identity) {
        if (fleet.asgName() == null || fleet.drainHook() == null || identity.instanceId() == null) {
            return LifecycleAction.NONE;
        }
        return new AutoScalingLifecycleAction(AutoScalingClients.create(fleet), fleet.asgName(), fleet.drainHook(),
                identity.instanceId());
    }

    @Bean
    HostDrain hostDrain(WorkerConsumers consumers, HostStatus hostStatus, HostRegistration registration,
            LifecycleAction lifecycleAction, ThreadPoolTaskScheduler workerHousekeepingScheduler,
            HostFleetProperties fleet) {
        return new HostDrain(consumers, hostStatus, registration, lifecycleAction, workerHousekeepingScheduler,
                fleet.hookHeartbeat());
    }

    /** Polls the instance's notices (lifecycle state; spot notice and rebalance on spot instances). */
    @Bean
    HostMaintenance instanceNoticeWatch(ThreadPoolTaskScheduler workerHousekeepingScheduler, HostIdentity identity,
            HostDrain drain, WorkerProperties properties, HostFleetProperties fleet) {
        if (identity.metadata() == null) {
            return new HostMaintenance(workerHousekeepingScheduler, List.of());
        }
        InstanceNotices notices = new InstanceNotices(identity.metadata(), identity.spot(), drain::drainInBackground,
                properties.gracePeriod(), fleet.spotMargin(), Clock.systemUTC());
        return new HostMaintenance(workerHousekeepingScheduler, List.of(new HostMaintenance.Task(
                "instance notices of " + properties.host() + (identity.spot() ? " (spot)" : ""),
                fleet.noticeInterval(), notices::check)));
    }

    private static String version() {
        String v = WorkerConfiguration.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Bean
    WorkerConsumers workerConsumers(SqsAsyncClient sqs, SqsProperties sqsProperties, WorkerProperties properties,
            PartitionRequestHandler handler, IntegrationFlowContext flows) {
        return new WorkerConsumers(sqs, sqsProperties, properties, handler, flows);
    }
}
