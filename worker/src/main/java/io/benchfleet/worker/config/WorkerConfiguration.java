package io.benchfleet.worker.config;

import java.time.Clock;

import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.queue.PartitionRequestHandler;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The worker side: SQS consumers → guarded step execution → the trial step ({@code trial}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "benchfleet.worker.enabled", havingValue = "true")
@EnableConfigurationProperties({WorkerProperties.class, SimulatedTrialProperties.class})
public class WorkerConfiguration {

    /** The name of the remote worker step; partition step executions are named {@code trial:<partition key>}. */
    public static final String TRIAL_STEP = "trial";

    @Bean
    TrialExecutor trialExecutor(WorkerProperties properties, SimulatedTrialProperties simulated) {
        return switch (properties.executor()) {
            case "simulated" -> new SimulatedTrialExecutor(simulated, Clock.systemUTC());
            default -> throw new IllegalStateException("benchfleet.worker.executor=" + properties.executor()
                    + " is not available in this build: use 'simulated' (docker and process executors come with "
                    + "the Harbor-in-Docker work)");
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
        return new StepBuilder(TRIAL_STEP, jobRepository)
                .tasklet(trialTasklet, transactionManager)
                .build();
    }

    @Bean
    PartitionRequestHandler partitionRequestHandler(JobRepository jobRepository, Step trialStep,
            JdbcTemplate jdbcTemplate) {
        return new PartitionRequestHandler(jobRepository, trialStep, new StepClaim(jdbcTemplate));
    }

    @Bean
    WorkerConsumers workerConsumers(SqsAsyncClient sqs, SqsProperties sqsProperties, WorkerProperties properties,
            PartitionRequestHandler handler) {
        return new WorkerConsumers(sqs, sqsProperties, properties, handler);
    }
}
