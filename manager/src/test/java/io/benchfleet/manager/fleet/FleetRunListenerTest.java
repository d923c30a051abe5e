package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunSpecLoader;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;

/** The fleet follows the job: sized for what is left before it, lowered while it drains, zero after it. */
class FleetRunListenerTest {

    static final Path REFERENCE = Path.of("../job-definitions/examples/terminal-bench-750.yaml").toAbsolutePath();

    private static TestDatabase db;
    private static long ids = 5000;

    @BeforeAll
    static void schema() {
        db = new TestDatabase();
        Map<String, Object> props = db.properties();
        Flyway.configure().dataSource(db.url(), "postgres", "")
                .schemas((String) props.get("spring.flyway.schemas"))
                .locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static JobExecution execution(long instanceId, Map<String, String> overrides) {
        RunParameters run = new RunParameters("terminal-bench-750", "r" + instanceId, null, REFERENCE.toString(),
                RunSpecLoader.digest(new BenchmarkSpecReader().read(REFERENCE)), overrides);
        return MetaDataInstanceFactory.createJobExecution("benchmarkJob", instanceId, ids++, run.toJobParameters());
    }

    private static FleetRunListener listener(Fleet fleet, FleetProperties properties) {
        return new FleetRunListener(() -> fleet, properties, new RunSpecLoader(), db.jdbc(), run -> false);
    }

    private static PartitionProgress progress(int finished, int queued) {
        return new PartitionProgress(Map.of(BatchStatus.COMPLETED, finished, BatchStatus.STARTING, queued));
    }

    @Test
    void aNewRunGetsHostsForAllItsPartitionsThenFewerAsTheyFinishThenNone() {
        RecordingFleet fleet = new RecordingFleet(1000);
        FleetRunListener listener = listener(fleet, FleetProperties.defaults());
        JobExecution job = execution(ids++, Map.of());

        listener.beforeJob(job);
        listener.onProgress(null, progress(0, 750));
        listener.onProgress(null, progress(700, 50));
        listener.afterJob(job);

        assertThat(fleet.requests).containsExactly(188, 13, 0);
    }

    @Test
    void theRunsMaxHostsAndTheDeploymentsCapBoundTheLaunchSize() {
        RecordingFleet fleet = new RecordingFleet(1000);
        listener(fleet, FleetProperties.defaults()).beforeJob(execution(ids++, Map.of("maxHosts", "50")));
        FleetProperties capped = new FleetProperties(null, null, null, null, null, 20, null, null, null, null);
        listener(fleet, capped).beforeJob(execution(ids++, Map.of()));

        assertThat(fleet.requests).containsExactly(50, 20);
    }

    @Test
    void aRestartIsSizedForThePartitionsThatDidNotComplete() {
        long instance = ids++;
        long failedExecution = ids++;
        db.jdbc().update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) "
                + "VALUES (?, 0, 'benchmarkJob', ?)", instance, "k" + instance);
        db.jdbc().update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, "
                + "status) VALUES (?, 0, ?, now(), 'FAILED')", failedExecution, instance);
        for (int i = 0; i < 740; i++) {
            db.jdbc().update("INSERT INTO batch_step_execution (step_execution_id, version, step_name, "
                    + "job_execution_id, create_time, status) VALUES (?, 0, ?, ?, now(), ?)", ids++,
                    "trial:t" + i + "__a01", failedExecution, i < 730 ? "COMPLETED" : "FAILED");
        }
        RecordingFleet fleet = new RecordingFleet(1000);

        listener(fleet, FleetProperties.defaults()).beforeJob(execution(instance, Map.of()));

        // 750 planned - 730 completed = 20 partitions: 5 hosts of 4 slots.
        assertThat(fleet.requests).containsExactly(5);
    }

    @Test
    void aFleetThatCannotBeSizedAtLaunchFailsTheRunWithItsMessage() {
        Fleet broken = new RecordingFleet(10) {
            @Override
            public int scaleTo(int hosts) {
                throw new FleetException("Auto Scaling group 'x' not found (region us-east-1)");
            }
        };
        FleetRunListener listener = listener(broken, FleetProperties.defaults());
        JobExecution job = execution(ids++, Map.of());

        assertThatThrownBy(() -> listener.beforeJob(job)).isInstanceOf(FleetException.class)
                .hasMessage("Auto Scaling group 'x' not found (region us-east-1)");
        // Later failures are logged, never thrown: the run goes on, the job ends.
        listener.onProgress(null, progress(1, 1));
        listener.afterJob(job);
    }

    @Test
    void aFleetThatCannotBeCreatedFailsTheLaunchButNeverTheEndOfTheJob() {
        FleetRunListener listener = new FleetRunListener(() -> {
            throw new FleetException("no AWS region for Auto Scaling group 'w': set AWS_REGION");
        }, FleetProperties.defaults(), new RunSpecLoader(), db.jdbc(), run -> false);
        JobExecution job = execution(ids++, Map.of());

        assertThatThrownBy(() -> listener.beforeJob(job)).hasMessageContaining("no AWS region");
        listener.onProgress(null, progress(1, 1));
        listener.afterJob(job);
    }

    @Test
    void withoutAFleetNothingIsSized() {
        FleetRunListener listener = new FleetRunListener(() -> null, FleetProperties.defaults(), new RunSpecLoader(),
                db.jdbc(), run -> false);
        JobExecution job = execution(ids++, Map.of());

        listener.beforeJob(job);
        listener.onProgress(null, progress(0, 750));
        listener.afterJob(job);

        assertThat(listener.scaler()).isNull();
    }

    @Test
    void aSpecThatCannotBeLoadedLeavesTheFleetAloneForThePartitionerToReport() {
        RecordingFleet fleet = new RecordingFleet(1000);
        RunParameters run = new RunParameters("gone", "r1", null, "/nonexistent/spec.yaml", "0", Map.of());
        JobExecution job = MetaDataInstanceFactory.createJobExecution("benchmarkJob", ids++, ids++, run.toJobParameters());
        FleetRunListener listener = listener(fleet, FleetProperties.defaults());

        listener.beforeJob(job);
        listener.afterJob(job);

        assertThat(fleet.requests).containsExactly(0);
    }
}
