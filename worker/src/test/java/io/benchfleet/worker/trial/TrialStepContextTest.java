package io.benchfleet.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.worker.artifact.LocalArtifactStore;
import io.benchfleet.worker.artifact.TrialArchiver;
import io.benchfleet.worker.config.RepositoryStatements;
import io.benchfleet.worker.config.WorkerConfiguration;
import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.queue.ClaimedStepExecutions;
import io.benchfleet.worker.queue.WorkerIdentity;
import io.benchfleet.worker.result.TrialResultRepository;
import io.benchfleet.worker.testing.BatchRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.SpringBatchVersion;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The context entries the contract says a trial step gets when it starts ({@link TrialStep#startedContext}, which
 * the manager writes into every partition's context) are what Spring Batch's step and the worker's tasklet put there,
 * so a partition created with them starts without a context write - the worker's trial step as
 * {@link WorkerConfiguration} builds it, through {@link ChangedStepWrites}, on the real job repository.
 */
class TrialStepContextTest {

    static final Map<String, String> STARTED = TrialStep.startedContext(SpringBatchVersion.getVersion());

    @TempDir
    Path jobsRoot;

    @TempDir
    Path store;

    BatchRepository repository;
    RepositoryStatements statements;
    Step step;
    ClaimedStepExecutions claimed;

    @BeforeEach
    void trialStep() throws Exception {
        repository = new BatchRepository();
        statements = new RepositoryStatements();
        var dataSource = statements.counting(repository.dataSource());
        var transactions = new DataSourceTransactionManager(dataSource);
        TrialTasklet tasklet = new TrialTasklet(FixedLengthTrials.lasting(Duration.ofMillis(50)), new TrialEvaluator(),
                new TrialArchiver(new LocalArtifactStore(store), 1, Duration.ZERO),
                new TrialResultRepository(new JdbcTemplate(dataSource)), new LocalTrialDirectories(), jobsRoot, false,
                Clock.systemUTC(), transactions);
        step = new WorkerConfiguration().trialStep(BatchRepository.jobRepository(dataSource, transactions),
                transactions, tasklet);
        claimed = new ClaimedStepExecutions(repository.jdbc(), repository.jobRepository(),
                new DefaultExecutionContextSerializer());
        MDC.put(WorkerIdentity.MDC_WORKER, "context-test-host/c0");
    }

    @AfterEach
    void drop() {
        MDC.remove(WorkerIdentity.MDC_WORKER);
        repository.close();
    }

    StepExecution partition(String key, Map<String, String> startedContext) {
        Partition partition = new Partition(key, 0, "spec", "terminal-bench@2.0", "fix-git", 1, "oracle", null,
                Map.of(), "benchfleet/harbor:0.22.0", 1.0, 60, 60, List.of());
        Map<String, Object> context = new HashMap<>(startedContext);
        context.put(PartitionContextKeys.REHEARSAL, "true");
        return repository.partition(partition, context);
    }

    /** Runs the step on the partition as a worker loads it after its claim; the statements it sent. */
    long run(StepExecution created) throws Exception {
        StepExecution execution = claimed.load(created.getId());
        long before = statements.count();
        step.execute(execution);
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return statements.count() - before;
    }

    @Test
    void theTrialStepPutsWhatTheContractSaysIntoItsContextWhenItStarts() throws Exception {
        StepExecution execution = partition("fix-git__a01", Map.of());
        run(execution);

        assertThat(repository.jobRepository().getStepExecution(execution.getId()).getExecutionContext().toMap())
                .containsAllEntriesOf(STARTED);
    }

    @Test
    void aPartitionCreatedWithThoseEntriesStartsWithoutAContextWrite() throws Exception {
        long without = run(partition("fix-git__a01", Map.of()));
        long with = run(partition("fix-git__a02", STARTED));

        // the one statement left out: Spring Batch's UPDATE of the context when the step starts
        assertThat(with).isEqualTo(without - 1);
    }
}
