package io.benchfleet.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.benchfleet.manager.local.EmbeddedSqs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run without {@code --local} against a worker that was left on the simulated executor (the fleet's queue is an
 * ElasticMQ here; the worker consumes it in the manager's process, as a host would): its results would be invented,
 * so the worker refuses with a CONFIG failure and the run stops, unless the run was launched as a rehearsal.
 */
class RehearsalIntegrationTest {

    static final Path SMOKE = Path.of("../job-definitions/examples/smoke-oracle.yaml");
    static final String QUEUE = "rehearsal-partitions";

    @RegisterExtension
    static final LocalRunFixture fixture = new LocalRunFixture();

    EmbeddedSqs sqs;

    @BeforeEach
    void fleetQueue() {
        sqs = EmbeddedSqs.start(QUEUE, 30, 3);
    }

    @AfterEach
    void stopQueue() {
        sqs.close();
    }

    /** The manager sends to the fleet's queue; a worker with the simulated executor takes its partitions. */
    Map<String, Object> fleetWithASimulatedWorker() {
        Map<String, Object> props = fixture.fastTrials();
        props.put("benchfleet.sqs.endpoint", sqs.endpoint().toString());
        props.put("benchfleet.sqs.region", EmbeddedSqs.REGION);
        props.put("benchfleet.sqs.access-key", EmbeddedSqs.ACCESS_KEY);
        props.put("benchfleet.sqs.secret-key", EmbeddedSqs.SECRET_KEY);
        props.put("benchfleet.sqs.queue", QUEUE);
        props.put("benchfleet.worker.enabled", "true");
        props.put("benchfleet.worker.executor", "simulated");
        props.put("benchfleet.worker.consumers", "1");
        props.put("benchfleet.worker.slots", "4");
        props.put("benchfleet.worker.poll-timeout", "1s");
        props.put("benchfleet.worker.host", "misconfigured-host");
        props.put("benchfleet.worker.jobs-dir", fixture.stateDir().resolve("jobs").toString());
        props.put("benchfleet.worker.disk.min-free", "512MB");
        props.put("benchfleet.artifacts.location", fixture.stateDir().resolve("artifacts").toString());
        return props;
    }

    @Test
    void aRunThatIsNotARehearsalStopsWithAConfigFailureOnASimulatedWorkerAndRecordsNoInventedResult() {
        CliRun run = fixture.cli(fleetWithASimulatedWorker(), "run", "--spec", SMOKE.toString(), "--param",
                "runId=real-1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        long id = run.jobExecutionId();
        List<Map<String, Object>> rows = fixture.db().jdbc().queryForList("SELECT failure_class, exception_type, "
                + "executor, reward, exception_message FROM trial_result WHERE job_execution_id = ?", id);
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row).containsEntry("failure_class", "CONFIG").containsEntry("executor", "simulated")
                    .containsEntry("exception_type", "SimulatedExecutorRefused");
            assertThat(row.get("reward")).isNull();
        });
        assertThat(rows.get(0).get("exception_message").toString()).contains("misconfigured-host")
                .contains("not a rehearsal");
        assertThat(fixture.count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND step_name "
                + "LIKE 'trial:%' AND status = 'COMPLETED'", id)).as("no trial completed").isZero();

        CliRun failures = fixture.cli(fixture.db().properties(), "failures", Long.toString(id));
        assertThat(failures.out()).contains("CONFIG").contains("BENCHFLEET_WORKER_EXECUTOR=docker")
                .contains("--param rehearsal=true");
    }

    @Test
    void theSameRunLaunchedAsARehearsalCompletesAndItsReportSaysRehearsal() throws Exception {
        CliRun run = fixture.cli(fleetWithASimulatedWorker(), "run", "--spec", SMOKE.toString(), "--param",
                "runId=rehearsal-1", "--param", "rehearsal=true");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        long id = run.jobExecutionId();
        assertThat(run.out()).contains("REHEARSAL - simulated trials");
        assertThat(fixture.count("SELECT count(*) FROM trial_result WHERE job_execution_id = ? AND executor = "
                + "'simulated' AND failure_class = 'NONE'", id)).as("3 tasks x 2 attempts, oracle").isEqualTo(6);
        assertThat(Files.readString(fixture.stateDir().resolve("artifacts/reports/" + id + "/report.html")))
                .contains("id=\"rehearsal\"").contains("6 of 6 trials were produced by the simulated executor");
    }

    @Test
    void aRehearsalParameterThatIsNotTrueOrFalseIsRefusedBeforeAnythingRuns() {
        CliRun run = fixture.cli(fleetWithASimulatedWorker(), "run", "--spec", SMOKE.toString(), "--param",
                "rehearsal=yes");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: parameter 'rehearsal': 'yes' is not valid: expected true or false");
        assertThat(run.out()).doesNotContain("Job execution");
    }
}
