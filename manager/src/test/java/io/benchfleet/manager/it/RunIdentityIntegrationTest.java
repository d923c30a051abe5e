package io.benchfleet.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code run} with the runId of an existing run, through the real command line: with other parameters it is refused
 * and changes nothing (Spring Batch would otherwise restart the run with them: one run, two configurations); with
 * the same ones it continues the run like {@code restart}, settling first.
 */
class RunIdentityIntegrationTest {

    static final String SPEC = "../job-definitions/examples/smoke-oracle.yaml";

    @RegisterExtension
    static final LocalRunFixture fixture = new LocalRunFixture();

    private Map<String, Object> trials(double infraRate) {
        Map<String, Object> props = fixture.fastTrials();
        props.put("benchfleet.worker.simulated.median-duration", "5ms");
        props.put("benchfleet.worker.simulated.infra-failure-rate", Double.toString(infraRate));
        props.put("benchfleet.worker.simulated.agent-timeout-rate", "0");
        props.put("benchfleet.worker.simulated.agent-error-rate", "0");
        props.put("benchfleet.worker.simulated.verifier-error-rate", "0");
        props.put("benchfleet.manager.infra-retries", "0");
        return props;
    }

    private int count(String sql, Object... args) {
        return fixture.count(sql, args);
    }

    @Test
    void theRunIdOfAFailedRunWithAnotherModelIsRefusedAndNothingChanges() {
        CliRun failed = fixture.cli(trials(1.0), "run", "--spec", SPEC, "--local", "--workers", "1", "--param",
                "runId=identity-1");
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        long id = failed.jobExecutionId();
        int executions = count("SELECT count(*) FROM batch_job_execution");
        int steps = count("SELECT count(*) FROM batch_step_execution");
        int results = count("SELECT count(*) FROM trial_result");

        CliRun other = fixture.cli(trials(0.0), "run", "--spec", SPEC, "--local", "--workers", "1", "--param",
                "runId=identity-1", "--param", "model=anthropic/claude-sonnet-4-5");

        assertThat(other.exitCode()).as(other.out() + other.err()).isEqualTo(2);
        assertThat(other.err()).contains("run 'identity-1' of spec smoke-oracle already exists (job execution " + id
                + ", FAILED) with other parameters (model: (spec) -> anthropic/claude-sonnet-4-5)")
                .contains("'benchfleet restart " + id + "'");
        assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(executions);
        assertThat(count("SELECT count(*) FROM batch_step_execution")).isEqualTo(steps);
        assertThat(count("SELECT count(*) FROM trial_result")).isEqualTo(results);
    }

    @Test
    void theRunIdOfAFailedRunWithTheSameParametersContinuesItLikeRestart() {
        CliRun failed = fixture.cli(trials(1.0), "run", "--spec", SPEC, "--local", "--workers", "1", "--param",
                "runId=identity-2", "--param", "attempts=1");
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        long id = failed.jobExecutionId();

        CliRun again = fixture.cli(trials(0.0), "run", "--spec", SPEC, "--local", "--workers", "1", "--param",
                "runId=identity-2", "--param", "attempts=1");

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("continuing it, as 'benchfleet restart " + id + "' does");
        assertThat(count("SELECT count(DISTINCT job_instance_id) FROM batch_job_execution WHERE job_execution_id IN "
                + "(?, ?)", id, again.jobExecutionId())).as("the same run").isOne();
    }
}
