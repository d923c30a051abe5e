package io.benchfleet.worker.config;

import java.time.Clock;

import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.docker.HarborCommandLine;
import io.benchfleet.worker.docker.HarborDockerExecutor;
import io.benchfleet.worker.docker.ProcessTrialExecutor;
import io.benchfleet.worker.queue.PartitionHeartbeat;
import io.benchfleet.worker.queue.PartitionRequestHandler;
import io.benchfleet.worker.queue.SpotInterruptionWatcher;
import io.benchfleet.worker.queue.WorkerHealthIndicator;
import io.benchfleet.worker.queue.StepClaim;
import io.benchfleet.worker.queue.WorkerConsumers;
import io.benchfleet.worker.result.TrialResultRepository;
import io.benchfleet.worker.trial.SimulatedTrialExecutor;
import io.benchfleet.worker.trial.TrialEvaluator;
import io.benchfleet.worker.trial.TrialExecutor;
import io.benchfleet.worker.trial.TrialTasklet;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The worker side: SQS consumers → guarded step execution → the trial step ({@code trial}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "benchfleet.worker.enabled", havingValue = "true")
@EnableConfigurationProperties({WorkerProperties.class, SimulatedTrialProperties.class, DockerProperties.class})
public class WorkerConfiguration {

    @Bean
    TrialExecutor trialExecutor(WorkerProperties properties, SimulatedTrialProperties simulated,
            DockerProperties docker) {
        return switch (properties.executor()) {
            case "simulated" -> new SimulatedTrialExecutor(simulated, Clock.systemUTC());
            // a client of benchfleet.worker.docker.host; start-up (orphan clean-up, pre-pulls) runs in the background
            case "docker" -> HarborDockerExecutor.create(docker, properties.host());
            case "process" -> new ProcessTrialExecutor(new HarborCommandLine(docker.harborExecutable(),
                    docker.registryPath()), docker.stopGrace(), System::getenv, properties.host());
            default -> throw new IllegalStateException("benchfleet.worker.executor=" + properties.executor()
                    + " is unknown: use simulated, docker or process");
        };
    }

    @Bean
    TrialResultRepository trialResultRepository(JdbcTemplate jdbcTemplate) {
        return new TrialResultRepository(jdbcTemplate);
    }

    @Bean
    TrialTasklet trialTasklet(TrialExecutor executor, ArtifactStore artifacts, TrialResultRepository results,
            WorkerProperties properties) {
        return new TrialTasklet(executor, new TrialEvaluator(), artifacts, results, properties.jobsDir(),
                properties.keepTrialDirs(), Clock.systemUTC());
    }

    @Bean
    Step trialStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            TrialTasklet trialTasklet) {
        return new StepBuilder(TrialStep.NAME, jobRepository)
                .tasklet(trialTasklet, transactionManager)
                .build();
    }

    @Bean(destroyMethod = "close")
    PartitionHeartbeat partitionHeartbeat(JdbcTemplate jdbcTemplate, WorkerProperties properties) {
        return new PartitionHeartbeat(jdbcTemplate, properties.heartbeatInterval(), properties.lease());
    }

    @Bean
    PartitionRequestHandler partitionRequestHandler(JobRepository jobRepository, Step trialStep,
            JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager, PartitionHeartbeat heartbeat,
            WorkerProperties properties) {
        return new PartitionRequestHandler(jobRepository, trialStep, new StepClaim(jdbcTemplate,
                new TransactionTemplate(transactionManager), properties.lease()),
                heartbeat);
    }

    @Bean
    WorkerHealthIndicator workerHealthIndicator(WorkerConsumers consumers, PartitionHeartbeat heartbeat,
            TrialExecutor trialExecutor) {
        return new WorkerHealthIndicator(consumers, heartbeat, trialExecutor);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "benchfleet.worker.spot-notice-url")
    SpotInterruptionWatcher spotInterruptionWatcher(WorkerProperties properties, WorkerConsumers consumers) {
        return new SpotInterruptionWatcher(properties.spotNoticeUrl(), java.time.Duration.ofSeconds(5),
                consumers::stop);
    }

    @Bean
    WorkerConsumers workerConsumers(SqsAsyncClient sqs, SqsProperties sqsProperties, WorkerProperties properties,
            PartitionRequestHandler handler, IntegrationFlowContext flows) {
        return new WorkerConsumers(sqs, sqsProperties, properties, handler, flows);
    }
}
