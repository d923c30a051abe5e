package io.benchfleet.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.worker.config.RepositoryStatements;
import io.benchfleet.worker.testing.BatchRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A trial step writing through {@link ChangedStepWrites} leaves in the real job repository exactly what Spring Batch
 * alone leaves there - the same final row, the same context - with fewer statements; every change (a chunk, a context
 * entry, an outcome a listener changes after the step) is still written. The reference is the same step run through
 * Spring Batch's own JDBC repository.
 */
class ChangedStepWritesTest {

    BatchRepository repository;
    RepositoryStatements statements;
    JobRepository counted;
    PlatformTransactionManager transactions;

    @BeforeEach
    void repository() throws Exception {
        repository = new BatchRepository();
        statements = new RepositoryStatements();
        var dataSource = statements.counting(repository.dataSource());
        transactions = new DataSourceTransactionManager(dataSource);
        counted = BatchRepository.jobRepository(dataSource, transactions);
    }

    @AfterEach
    void drop() {
        repository.close();
    }

    static Partition partition(String key) {
        return new Partition(key, 0, "spec", "terminal-bench@2.0", "fix-git", 1, "oracle", null, Map.of(),
                "benchfleet/harbor:0.22.0", 1.0, 60, 60, List.of());
    }

    /** Runs {@code tasklet} as the trial step on a new partition through {@code jobRepository}; its statements. */
    long run(JobRepository jobRepository, Tasklet tasklet, StepExecutionListener listener, StepExecution step)
            throws Exception {
        long before = statements.count();
        StepBuilder builder = new StepBuilder(TrialStep.NAME, jobRepository);
        if (listener != null) {
            builder.listener(listener);
        }
        builder.tasklet(tasklet, transactions).build().execute(step);
        return statements.count() - before;
    }

    /** What the repository holds of a step execution (all but its version and times), and its context. */
    Map<String, Object> stored(StepExecution step) {
        Map<String, Object> row = repository.jdbc().queryForMap("SELECT status, exit_code, exit_message, "
                + "commit_count, read_count, write_count, rollback_count, start_time IS NOT NULL AS started, "
                + "end_time IS NOT NULL AS ended FROM batch_step_execution WHERE step_execution_id = ?", step.getId());
        Map<String, Object> context = repository.jobRepository().getStepExecution(step.getId()).getExecutionContext()
                .toMap();
        return Map.of("row", row, "context", context);
    }

    @Test
    void aFinishedTrialStepLeavesWhatSpringBatchAloneLeavesWithFewerStatements() throws Exception {
        Tasklet oneWrite = (contribution, chunk) -> {
            contribution.incrementWriteCount(1);
            return RepeatStatus.FINISHED;
        };
        StepExecution alone = repository.partition(partition("fix-git__a01"), Map.of());
        StepExecution changedOnly = repository.partition(partition("fix-git__a01"), Map.of());

        long aloneStatements = run(counted, oneWrite, null, alone);
        long changedStatements = run(ChangedStepWrites.of(counted), oneWrite, null, changedOnly);

        assertThat(stored(changedOnly)).isEqualTo(stored(alone));
        assertThat(((Map<?, ?>) stored(changedOnly).get("row")).get("status")).isEqualTo("COMPLETED");
        assertThat(changedStatements).isLessThan(aloneStatements);
    }

    @Test
    void everyChunkOfATrialInTwoChunksIsWritten() throws Exception {
        AtomicInteger chunks = new AtomicInteger();
        Tasklet twoChunks = (contribution, chunk) -> {
            contribution.incrementWriteCount(1);
            return chunks.incrementAndGet() % 2 == 1 ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
        };
        StepExecution alone = repository.partition(partition("fix-git__a01"), Map.of());
        StepExecution changedOnly = repository.partition(partition("fix-git__a01"), Map.of());

        run(counted, twoChunks, null, alone);
        run(ChangedStepWrites.of(counted), twoChunks, null, changedOnly);

        assertThat(stored(changedOnly)).isEqualTo(stored(alone));
        assertThat(((Map<?, ?>) stored(changedOnly).get("row")).get("commit_count")).isEqualTo(2L);
    }

    @Test
    void aContextEntryTheTrialAddsAndAnOutcomeAListenerChangesAfterTheStepAreWritten() throws Exception {
        Tasklet marking = (contribution, chunk) -> {
            contribution.getStepExecution().getExecutionContext().putString("archived", "yes");
            return RepeatStatus.FINISHED;
        };
        StepExecutionListener relabel = new StepExecutionListener() {
            @Override
            public ExitStatus afterStep(StepExecution stepExecution) {
                return new ExitStatus("RELABELLED", "changed after the step");
            }
        };
        StepExecution alone = repository.partition(partition("fix-git__a01"), Map.of());
        StepExecution changedOnly = repository.partition(partition("fix-git__a01"), Map.of());

        run(counted, marking, relabel, alone);
        run(ChangedStepWrites.of(counted), marking, relabel, changedOnly);

        Map<String, Object> stored = stored(changedOnly);
        assertThat(stored).isEqualTo(stored(alone));
        assertThat(((Map<?, ?>) stored.get("context")).get("archived")).isEqualTo("yes");
        assertThat(((Map<?, ?>) stored.get("row")).get("exit_code")).isEqualTo("RELABELLED");
    }
}
