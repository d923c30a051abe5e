package io.benchfleet.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline through the real command line: spec → 750 partitions → ElasticMQ (SQS protocol, AWS SDK) →
 * three worker consumers → PostgreSQL job repository → report. Only the trial itself is simulated.
 */
class LocalRunIntegrationTest {

    static final Path EXAMPLES = Path.of("../job-definitions/examples");

    @RegisterExtension
    static final LocalRunFixture fixture = new LocalRunFixture();

    static Map<String, Object> fastTrials(double infraFailureRate) {
        Map<String, Object> props = fixture.fastTrials();
        props.put("benchfleet.worker.simulated.infra-failure-rate", Double.toString(infraFailureRate));
        return props;
    }

    @Test
    void theSevenHundredFiftyPartitionSpecRunsToCompletionWithOneResultPerPlannedPartitionAndAReport() throws Exception {
        Path spec = EXAMPLES.resolve("terminal-bench-750.yaml");
        CliRun run = fixture.cli(fastTrials(0), "run", "--spec", spec.toString(), "--local", "--workers", "3", "--param", "runId=it-750");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        long jobExecutionId = run.jobExecutionId();
        assertThat(run.out()).contains("[750/750] 100%").contains("Mean reward").contains("COMPLETED");

        List<Map<String, Object>> steps = fixture.db().jdbc().queryForList("SELECT step_name, status FROM "
                + "batch_step_execution WHERE job_execution_id = ? AND step_name LIKE 'trial:%'", jobExecutionId);
        assertThat(steps).hasSize(750).allSatisfy(s -> assertThat(s.get("status")).isEqualTo("COMPLETED"));

        BenchmarkSpec planned = new BenchmarkSpecReader().read(spec);
        List<String> plannedKeys = new PartitionPlanner().plan(planned, ExpectedDurations.NONE).partitions().stream()
                .map(Partition::key).sorted().toList();
        List<String> resultKeys = fixture.db().jdbc().queryForList("SELECT partition_key FROM trial_result WHERE "
                + "job_execution_id = ? ORDER BY partition_key", String.class, jobExecutionId);
        assertThat(resultKeys).hasSize(750).isEqualTo(plannedKeys);
        assertThat(fixture.db().jdbc().queryForObject("SELECT count(DISTINCT host) FROM trial_result WHERE job_execution_id = ?",
                Integer.class, jobExecutionId)).as("every consumer took work").isEqualTo(3);

        Path reports = fixture.stateDir().resolve("artifacts/reports/" + jobExecutionId);
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(reports.resolve("report.json")));
        assertThat(report.get("trials").asInt()).isEqualTo(750);
        assertThat(report.get("plannedPartitions").asInt()).isEqualTo(750);
        assertThat(report.get("missingPartitions").asInt()).isZero();
        assertThat(report.get("passAtK").size()).isEqualTo(10);
        assertThat(Files.readString(reports.resolve("summary.md"))).contains("terminal-bench-750");
        assertThat(fixture.stateDir().resolve("artifacts/runs/" + jobExecutionId)).isDirectoryContaining(
                p -> p.getFileName().toString().endsWith("__a01"));
    }

    @Test
    void infrastructureFailuresAreRetriedAsNewAttemptsAndThoseStillFailingFailTheRunWithAPartialReport() {
        Map<String, Object> props = fastTrials(0.5);
        props.put("benchfleet.manager.infra-retries", "1");
        props.put("benchfleet.manager.retry-backoff", "1s");
        CliRun run = fixture.cli(props, "run", "--spec", EXAMPLES.resolve("smoke-oracle.yaml").toString(), "--local", "--workers", "2", "--param",
                "runId=it-infra", "--param", "attempts=6");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        long jobExecutionId = run.jobExecutionId();
        assertThat(run.out()).contains("FAILED").contains("benchfleet restart " + jobExecutionId);

        int attempts = fixture.count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND step_name "
                + "LIKE 'trial:%'", jobExecutionId);
        int partitions = fixture.count("SELECT count(DISTINCT step_name) FROM batch_step_execution WHERE job_execution_id = ? "
                + "AND step_name LIKE 'trial:%'", jobExecutionId);
        assertThat(partitions).isEqualTo(18);
        assertThat(attempts).as("INFRA failures were retried as new attempts").isGreaterThan(18);
        assertThat(fixture.count("SELECT count(*) FROM trial_result WHERE job_execution_id = ?", jobExecutionId))
                .as("one result row per attempt").isEqualTo(attempts);
        assertThat(fixture.count("SELECT max(n) FROM (SELECT count(*) AS n FROM batch_step_execution WHERE job_execution_id "
                + "= ? AND step_name LIKE 'trial:%' GROUP BY step_name) a", jobExecutionId))
                .as("at most one retry each").isLessThanOrEqualTo(2);
        int failedPartitions = fixture.count("SELECT count(*) FROM (SELECT DISTINCT ON (step_name) status FROM "
                + "batch_step_execution WHERE job_execution_id = ? AND step_name LIKE 'trial:%' ORDER BY step_name, "
                + "step_execution_id DESC) latest WHERE status = 'FAILED'", jobExecutionId);
        assertThat(failedPartitions).isPositive();
        String exitMessage = fixture.db().jdbc().queryForObject("SELECT exit_message FROM batch_step_execution WHERE "
                + "job_execution_id = ? AND status = 'FAILED' AND step_name LIKE 'trial:%' LIMIT 1", String.class,
                jobExecutionId);
        assertThat(exitMessage).contains("INFRA failure").doesNotContain("\tat ");
        assertThat(fixture.stateDir().resolve("artifacts/reports/" + jobExecutionId + "/report.json")).exists();

        CliRun status = fixture.cli(fixture.db().properties(), "status", Long.toString(jobExecutionId));
        assertThat(status.exitCode()).as(status.out() + status.err()).isEqualTo(1);
        assertThat(status.out()).contains("FAILED").contains("18 total").contains(failedPartitions + " failed")
                .contains("Progress    [##############################] 100%  18/18 finished")
                .contains("Hosts       0 hosts, 0 slots (0 free); no worker Auto Scaling group configured");
    }
}
