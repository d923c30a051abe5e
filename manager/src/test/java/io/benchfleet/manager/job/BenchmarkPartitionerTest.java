package io.benchfleet.manager.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.HistoricalDurations;
import io.benchfleet.manager.run.RepositoryRows;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunSpecLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.SpringBatchVersion;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The partitioner of a run on the smoke spec (3 tasks x 2 attempts), with the job repository's history (none) from
 * the real PostgreSQL.
 */
class BenchmarkPartitionerTest {

    private final TestDatabase db = new TestDatabase();
    private final RepositoryRows rows = new RepositoryRows(db); // the migrated schema

    @AfterEach
    void drop() {
        db.close();
    }

    Map<String, ExecutionContext> partitions(boolean rehearsal) {
        Path spec = Path.of("../job-definitions/examples/smoke-oracle.yaml").toAbsolutePath();
        JobParametersBuilder parameters = new JobParametersBuilder()
                .addString(RunParameters.SPEC, "smoke-oracle")
                .addString(RunParameters.RUN_ID, "partitioner-test")
                .addString(RunParameters.SPEC_FILE, spec.toString());
        if (rehearsal) {
            parameters.addString(RunParameters.REHEARSAL, "true");
        }
        JobExecution job = new JobExecution(1L, new JobInstance(1L, "benchmarkJob"), parameters.toJobParameters());
        StepExecution managerStep = new StepExecution(1L, "partitionStep", job);
        return new BenchmarkPartitioner(managerStep, new RunSpecLoader(), new HistoricalDurations(rows.jdbc()), false)
                .partition(1);
    }

    @Test
    void everyPartitionIsCreatedWithTheContextItsTrialStepAddsWhenItStarts() {
        Map<String, ExecutionContext> partitions = partitions(false);

        assertThat(partitions).hasSize(6).allSatisfy((key, context) -> assertThat(context.toMap())
                .containsAllEntriesOf(TrialStep.startedContext(SpringBatchVersion.getVersion())));
    }

    @Test
    void everyPartitionSaysWhetherItsRunIsARehearsal() {
        assertThat(partitions(true)).allSatisfy((key, context) ->
                assertThat(context.getString(PartitionContextKeys.REHEARSAL)).isEqualTo("true"));
        assertThat(partitions(false)).allSatisfy((key, context) ->
                assertThat(context.getString(PartitionContextKeys.REHEARSAL)).isEqualTo("false"));
    }
}
