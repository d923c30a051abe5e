package io.benchfleet.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restart semantics through the real command line: a restart re-runs only the partitions that did not complete (same
 * job instance), a completed run is left alone, a run with a live manager cannot be restarted, and a stopped run
 * restarts without running any partition twice.
 */
class RestartIntegrationTest {

    static final String SPEC = "../job-definitions/examples/smoke-oracle.yaml";

    @RegisterExtension
    static final LocalRunFixture fixture = new LocalRunFixture();

    private Map<String, Object> trials(String median, double infraRate) {
        Map<String, Object> props = fixture.fastTrials();
        props.put("benchfleet.worker.simulated.median-duration", median);
        props.put("benchfleet.worker.simulated.max-duration", "10s");
        props.put("benchfleet.worker.simulated.duration-sigma", "0.1");
        props.put("benchfleet.worker.simulated.infra-failure-rate", Double.toString(infraRate));
        props.put("benchfleet.manager.infra-retries", "0");
        return props;
    }

    private CliRun cli(Map<String, Object> props, String... args) {
        return fixture.cli(props, args);
    }

    private int count(String sql, Object... args) {
        return fixture.count(sql, args);
    }

    @Test
    void restartReRunsOnlyThePartitionsThatDidNotCompleteAndThenReportsTheWholeRun() {
        CliRun first = cli(trials("5ms", 0.4), "run", "--spec", SPEC, "--local", "--workers", "2", "--param",
                "runId=restart-1", "--param", "attempts=4");
        assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(1);
        long firstId = first.jobExecutionId();
        int failed = count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND status = "
                + "'FAILED' AND step_name LIKE 'trial:%'", firstId);
        assertThat(failed).isPositive().isLessThan(12);

        CliRun failures = cli(fixture.db().properties(), "failures", Long.toString(firstId));
        assertThat(failures.exitCode()).isZero();
        assertThat(failures.out()).contains("INFRA").contains(failed + " partitions");

        CliRun restart = cli(trials("5ms", 0.0), "restart", Long.toString(firstId), "--local", "--workers", "2");
        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        long secondId = restart.jobExecutionId();
        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND step_name LIKE "
                + "'trial:%'", secondId)).as("only the failed partitions ran again").isEqualTo(failed);
        assertThat(count("SELECT count(DISTINCT job_instance_id) FROM batch_job_execution WHERE job_execution_id IN "
                + "(?, ?)", firstId, secondId)).as("same job instance").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM trial_result WHERE job_execution_id = ? AND failure_class <> 'INFRA'",
                firstId) + count("SELECT count(*) FROM trial_result WHERE job_execution_id = ?", secondId))
                .as("every partition has exactly one good result").isEqualTo(12);
        assertThat(restart.out()).contains("over 12 trials").contains("COMPLETED");

        CliRun again = cli(fixture.db().properties(), "restart", Long.toString(secondId));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already completed: nothing to restart");
    }

    @Test
    void aRunningRunCannotBeRestartedButCanBeStoppedAndThenRestartedWithoutRunningAnyPartitionTwice() {
        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> cli(trials("2s", 0.0), "run",
                "--spec", SPEC, "--local", "--workers", "1", "--slots", "1", "--param", "runId=stop-1", "--param",
                "attempts=4"));
        try {
            stopAndRestart(running);
        } finally {
            running.join();
        }
    }

    private void stopAndRestart(CompletableFuture<CliRun> running) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> count("SELECT count(*) FROM "
                + "batch_step_execution WHERE status = 'COMPLETED' AND step_name LIKE 'trial:%' AND job_execution_id = "
                + "(SELECT max(job_execution_id) FROM batch_job_execution)") >= 1);
        long id = count("SELECT max(job_execution_id) FROM batch_job_execution");

        CliRun refused = cli(fixture.db().properties(), "restart", Long.toString(id));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("stop it first with 'benchfleet stop " + id + "'");

        CliRun stop = cli(fixture.db().properties(), "stop", Long.toString(id));
        assertThat(stop.exitCode()).as(stop.out() + stop.err()).isZero();
        assertThat(stop.out()).contains("Stop requested");
        CliRun stopped = running.join();
        assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(1);
        int done = count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND status = "
                + "'COMPLETED' AND step_name LIKE 'trial:%'", id);
        assertThat(done).isLessThan(12);
        assertThat(count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND status = "
                + "'STOPPED' AND step_name LIKE 'trial:%'", id)).isEqualTo(12 - done);

        CliRun restart = cli(trials("5ms", 0.0), "restart", Long.toString(id), "--local", "--workers", "2");
        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        List<Map<String, Object>> perPartition = fixture.db().jdbc().queryForList("SELECT partition_key, count(*) AS n FROM "
                + "trial_result WHERE job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE "
                + "job_execution_id = ?) GROUP BY partition_key", id);
        assertThat(perPartition).hasSize(12).allSatisfy(r -> assertThat(((Number) r.get("n")).intValue()).isOne());
    }
}
