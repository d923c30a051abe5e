package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.benchfleet.manager.it.CliRun;
import io.benchfleet.manager.it.LocalRunFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two consecutive local runs of the smoke spec through the real command line: the first (oracle, always passes)
 * has no baseline; the second (nop agent, never passes) is compared with it and is "worse". Then
 * {@code benchfleet report} regenerates a report, naming a planned partition without a result as missing.
 */
class ReportEndToEndTest {

    static final Path SMOKE = Path.of("../job-definitions/examples/smoke-oracle.yaml");

    @RegisterExtension
    static final LocalRunFixture fixture = new LocalRunFixture();

    static Map<String, Object> fastTrials() {
        Map<String, Object> props = fixture.fastTrials();
        props.put("benchfleet.worker.simulated.infra-failure-rate", "0");
        props.put("benchfleet.worker.simulated.agent-timeout-rate", "0");
        props.put("benchfleet.worker.simulated.agent-error-rate", "0");
        props.put("benchfleet.worker.simulated.verifier-error-rate", "0");
        return props;
    }

    @Test
    void theSecondRunIsComparedWithTheFirstAndReportCanBeRegenerated() throws Exception {
        CliRun first = fixture.cli(fastTrials(), "run", "--spec",
                SMOKE.toString(), "--local", "--workers", "2", "--param", "runId=e2e-1", "--param", "attempts=4");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        Path firstDir = fixture.stateDir().resolve("artifacts/reports/" + first.jobExecutionId());
        assertThat(firstDir).isDirectoryContaining("glob:**/report.html").isDirectoryContaining("glob:**/trials.csv")
                .isDirectoryContaining("glob:**/report.json").isDirectoryContaining("glob:**/summary.md");
        JsonNode firstJson = json(firstDir);
        assertThat(firstJson.get("schemaVersion").asInt()).isEqualTo(3);
        assertThat(firstJson.get("passed").asInt()).isEqualTo(12);
        assertThat(firstJson.get("regression").isNull()).isTrue();
        assertThat(first.out()).contains("no earlier completed run");

        CliRun second = fixture.cli(fastTrials(), "run", "--spec",
                SMOKE.toString(), "--local", "--workers", "2", "--param", "runId=e2e-2", "--param", "attempts=4",
                "--param", "agent=nop");
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        Path secondDir = fixture.stateDir().resolve("artifacts/reports/" + second.jobExecutionId());
        JsonNode regression = json(secondDir).get("regression");
        assertThat(regression.get("baselineJobExecutionId").asLong()).isEqualTo(first.jobExecutionId());
        assertThat(regression.get("baselineRun").asString()).isEqualTo("e2e-1");
        assertThat(regression.get("verdict").asString()).isEqualTo("worse");
        assertThat(regression.get("flippedToFailed").asInt()).isEqualTo(3);
        assertThat(regression.get("taskChanges").get(0).get("pValue").asDouble()).isCloseTo(0.02857143,
                org.assertj.core.api.Assertions.within(1e-7));
        assertThat(second.out()).contains("**worse**");
        String html = Files.readString(secondDir.resolve("report.html"));
        assertThat(html).contains("id=\"regression\"").contains("e2e-1").contains(">worse<");
        // a --local run is a rehearsal: every trial simulated, the same executor in both runs; the agent changed
        assertThat(html).contains("id=\"rehearsal\"").contains("12 of 12 trials were produced by the simulated "
                + "executor").contains("id=\"drift\"").contains("(agent/model oracle -&gt; nop)");
        assertThat(json(secondDir).get("provenance").get("simulatedTrials").asInt()).isEqualTo(12);
        assertThat(json(secondDir).get("provenance").get("executors").get("simulated").asInt()).isEqualTo(12);
        assertThat(Files.readAllLines(secondDir.resolve("trials.csv"))).hasSize(13);

        // A planned partition without a result (as when a worker died) makes the regenerated report partial.
        fixture.db().jdbc().update("INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id,"
                + " create_time, status) VALUES ((SELECT max(step_execution_id) + 1000 FROM batch_step_execution),"
                + " 0, 'trial:ghost__a01', ?, now(), 'STARTING')", second.jobExecutionId());
        CliRun report = fixture.cli(fixture.db().properties(), "report",
                Long.toString(second.jobExecutionId()));
        assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
        assertThat(report.out()).contains("Report: " + secondDir.toUri().toString().replaceAll("/$", "") + "/report.html")
                .contains("Missing partitions: ghost__a01");
        JsonNode regenerated = json(secondDir);
        assertThat(regenerated.get("missingPartitionKeys").toString()).isEqualTo("[\"ghost__a01\"]");
        assertThat(regenerated.get("regression").get("verdict").asString()).isEqualTo("worse");
        assertThat(Files.readString(secondDir.resolve("report.html"))).contains("Partial report:")
                .contains("ghost__a01");

        CliRun unknown = fixture.cli(fixture.db().properties(), "report",
                "999999");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no job execution 999999");
    }

    private static JsonNode json(Path dir) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(dir.resolve("report.json")));
    }
}
