package io.benchfleet.manager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.benchfleet.jobdefs.harbor.AgentDatasetStats;
import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import io.benchfleet.jobdefs.harbor.HarborJobResult;
import io.benchfleet.jobdefs.harbor.HarborTrialResultParser;
import io.benchfleet.jobdefs.harbor.TrialResult;
import io.benchfleet.jobdefs.harbor.json.HarborJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code benchfleet export}: a local run's archived partitions become one Harbor job folder, which benchfleet's own
 * Harbor parser reads back with the run's counts, and the export says whether a leaderboard would take it.
 */
class ExportIntegrationTest {

    static final Path SMOKE = Path.of("../job-definitions/examples/smoke-oracle.yaml");

    @RegisterExtension
    static final LocalRunFixture fixture = new LocalRunFixture();

    long run(String runId, int attempts) {
        Map<String, Object> props = fixture.fastTrials();
        // some agent timeouts and errors, so errored trials are counted too
        props.put("benchfleet.worker.simulated.agent-timeout-rate", "0.2");
        props.put("benchfleet.worker.simulated.agent-error-rate", "0.1");
        CliRun run = fixture.cli(props, "run", "--spec", SMOKE.toString(), "--local", "--workers", "2", "--param",
                "runId=" + runId, "--param", "attempts=" + attempts);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        return run.jobExecutionId();
    }

    @Test
    void aLocalRunExportsAsOneHarborJobThatTheParserReadsBackWithTheRunsCounts() throws Exception {
        long id = run("export-5", 5);
        Path job = fixture.stateDir().resolve("exports/smoke-export-5");

        CliRun export = fixture.cli(fixture.db().properties(), "export", Long.toString(id), "--harbor-job",
                job.toString());

        assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
        int rows = fixture.count("SELECT count(*) FROM trial_result WHERE job_execution_id = ?", id);
        int errored = fixture.count("SELECT count(*) FROM trial_result WHERE job_execution_id = ? AND "
                + "exception_type IS NOT NULL", id);
        assertThat(rows).as("3 tasks x 5 attempts").isEqualTo(15);

        HarborJobDirectory exported = new HarborJobDirectory(job);
        List<Path> trials = exported.trialDirectories();
        assertThat(trials).hasSize(rows);
        HarborTrialResultParser parser = new HarborTrialResultParser();
        List<TrialResult> parsed = trials.stream().map(parser::parseTrialDirectory).toList();
        assertThat(parsed.stream().map(TrialResult::taskName).collect(Collectors.toSet()))
                .isEqualTo(Set.of("fix-git", "regex-log", "largest-eigenval"));

        HarborJobResult result = exported.readResult().orElseThrow();
        assertThat(result.nTotalTrials()).isEqualTo(rows);
        assertThat(result.stats().nCompletedTrials()).isEqualTo(rows);
        assertThat(result.stats().nErroredTrials()).as("the run's rows with an exception").isEqualTo(errored);
        assertThat(exported.progress().orElseThrow().allCompleted()).isTrue();

        // the same figures as the run's own report (unscored trials count 0 in both; oracle rewards are 0/1)
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(fixture.stateDir()
                .resolve("artifacts/reports/" + id + "/report.json")));
        AgentDatasetStats eval = result.stats().evals().values().iterator().next();
        assertThat(result.stats().evals()).containsOnlyKeys("oracle__terminal-bench");
        assertThat(eval.metrics().get(0).get("mean")).isEqualTo(report.get("meanReward").asDouble(), within(1e-9));
        assertThat(eval.passAtK().keySet()).containsExactly("2", "4", "5");
        for (String k : eval.passAtK().keySet()) {
            assertThat(eval.passAtK().get(k)).as("pass@" + k)
                    .isEqualTo(report.get("passAtK").get(k).asDouble(), within(1e-9));
        }

        JsonNode config = HarborJson.MAPPER.readTree(Files.readAllBytes(exported.config()));
        assertThat(config.get("job_name").asString()).isEqualTo("smoke-export-5");
        assertThat(config.get("jobs_dir").asString()).isEqualTo(job.toAbsolutePath().getParent().toString());
        assertThat(fixture.stateDir().resolve("exports/smoke-export-5/.benchfleet-export")).doesNotExist();

        assertThat(export.out()).contains("Harbor job written to " + job.toAbsolutePath() + ": 15 trials of 3 tasks")
                .contains("Leaderboard-valid: no").contains("15 trials are simulated (a rehearsal)")
                .doesNotContain("fewer than 5");
    }

    @Test
    void aMatrixRunExportsOneHarborJobPerConfigurationEachReadBackWithThatConfigurationsCounts() throws Exception {
        // two configurations x 3 tasks x 5 attempts = 30 partitions: oracle always passes, nop never does
        Path spec = Files.writeString(fixture.stateDir().resolve("smoke-matrix.yaml"), """
                name: smoke-matrix
                dataset: terminal-bench@2.0
                tasks: [fix-git, largest-eigenval, regex-log]
                attempts: 5
                agent: oracle
                configurations:
                  - name: solved
                    agent: oracle
                  - name: idle
                    agent: nop
                estimatedTrialSec: 120
                fleet: {maxHosts: 2, slotsPerHost: 4}
                """);
        Map<String, Object> props = fixture.fastTrials();
        // no simulated agent or verifier failures: every oracle trial scores 1, every nop trial 0
        props.put("benchfleet.worker.simulated.agent-timeout-rate", "0");
        props.put("benchfleet.worker.simulated.agent-error-rate", "0");
        props.put("benchfleet.worker.simulated.verifier-error-rate", "0");
        CliRun run = fixture.cli(props, "run", "--spec", spec.toString(), "--local", "--workers", "2",
                "--param", "runId=export-matrix");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        long id = run.jobExecutionId();
        Path dir = fixture.stateDir().resolve("exports/matrix");

        CliRun export = fixture.cli(fixture.db().properties(), "export", Long.toString(id), "--harbor-job",
                dir.toString());

        assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("idle", "solved");
        }
        HarborTrialResultParser parser = new HarborTrialResultParser();
        for (String configuration : List.of("solved", "idle")) {
            int rows = fixture.count("SELECT count(*) FROM trial_result WHERE job_execution_id = ? AND "
                    + "configuration = '" + configuration + "'", id);
            int errored = fixture.count("SELECT count(*) FROM trial_result WHERE job_execution_id = ? AND "
                    + "configuration = '" + configuration + "' AND exception_type IS NOT NULL", id);
            assertThat(rows).as("3 tasks x 5 attempts of " + configuration).isEqualTo(15);
            Path job = dir.resolve(configuration);
            HarborJobDirectory exported = new HarborJobDirectory(job);
            List<TrialResult> parsed = exported.trialDirectories().stream().map(parser::parseTrialDirectory).toList();
            assertThat(parsed).as(configuration).hasSize(rows);
            HarborJobResult result = exported.readResult().orElseThrow();
            assertThat(result.nTotalTrials()).as(configuration).isEqualTo(rows);
            assertThat(result.stats().nErroredTrials()).as(configuration).isEqualTo(errored);
            JsonNode config = HarborJson.MAPPER.readTree(Files.readAllBytes(exported.config()));
            // Harbor's job config names one agent: this configuration's, and the job after its folder
            assertThat(config.get("agents")).as(configuration).hasSize(1);
            assertThat(config.get("job_name").asString()).isEqualTo(configuration);
            assertThat(config.get("jobs_dir").asString()).isEqualTo(dir.toAbsolutePath().toString());
        }
        assertThat(agentOf(dir.resolve("solved"))).isEqualTo("oracle");
        assertThat(agentOf(dir.resolve("idle"))).isEqualTo("nop");
        // oracle solves every task (15 of 15: mean 1), nop none (0 of 15: mean 0); a blend would be 15 / 30 = 0.5
        assertThat(meanOf(dir.resolve("solved"))).isEqualTo(1.0);
        assertThat(meanOf(dir.resolve("idle"))).isEqualTo(0.0);

        assertThat(export.out()).contains("Harbor jobs written to " + dir.toAbsolutePath() + ": 2 configurations, "
                        + "one job folder each (Harbor's job config has one agent), 30 trials from run " + id)
                .contains("Configuration idle -> " + dir.resolve("idle").toAbsolutePath() + ": 15 trials of 3 tasks")
                .contains("Configuration solved -> " + dir.resolve("solved").toAbsolutePath()
                        + ": 15 trials of 3 tasks")
                .contains("  Leaderboard-valid: no").contains("    - 15 trials are simulated (a rehearsal)")
                .contains("Leaderboard-valid configurations: 0 of 2")
                .doesNotContain("different Harbor job configurations").doesNotContain("fewer than 5");

        CliRun asJson = fixture.cli(fixture.db().properties(), "export", Long.toString(id), "--harbor-job",
                fixture.stateDir().resolve("exports/matrix-json").toString(), "--json");
        JsonNode document = JsonMapper.builder().build().readTree(asJson.out());
        assertThat(document.get("trials").asInt()).isEqualTo(30);
        assertThat(document.get("leaderboardValid").asBoolean()).isFalse();
        assertThat(document.get("configurations")).hasSize(2);
        for (JsonNode c : document.get("configurations")) {
            assertThat(c.get("plannedPartitions").asInt()).as(c.get("configuration").asString()).isEqualTo(15);
            assertThat(c.get("trials").asInt()).isEqualTo(15);
        }
    }

    private static String agentOf(Path job) throws Exception {
        return HarborJson.MAPPER.readTree(Files.readAllBytes(new HarborJobDirectory(job).config())).get("agents")
                .get(0).get("name").asString();
    }

    private static double meanOf(Path job) {
        AgentDatasetStats eval = new HarborJobDirectory(job).readResult().orElseThrow().stats().evals().values()
                .iterator().next();
        return eval.metrics().get(0).get("mean");
    }

    @Test
    void fewerThanFiveAttemptsPerTaskIsNotLeaderboardValidAndSaysWhichTasks() {
        long id = run("export-2", 2);
        Path job = fixture.stateDir().resolve("exports/smoke-export-2");

        CliRun export = fixture.cli(fixture.db().properties(), "export", Long.toString(id), "--harbor-job",
                job.toString(), "--json");

        assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
        JsonNode document = JsonMapper.builder().build().readTree(export.out());
        assertThat(document.get("trials").asInt()).isEqualTo(6);
        assertThat(document.get("leaderboardValid").asBoolean()).isFalse();
        assertThat(document.get("leaderboardReasons").toString()).contains("3 of 3 tasks have fewer than 5 trials "
                + "with a result: fix-git (2), largest-eigenval (2), regex-log (2)");

        CliRun strict = fixture.cli(fixture.db().properties(), "export", Long.toString(id), "--harbor-job",
                fixture.stateDir().resolve("exports/strict").toString(), "--require-valid");
        assertThat(strict.exitCode()).isEqualTo(1);
    }

    @Test
    void anExportNeverWritesIntoAFolderThatIsNotEmptyAndNamesAnUnknownRun() throws Exception {
        long id = run("export-bad", 1);
        Path used = Files.createDirectories(fixture.stateDir().resolve("exports/used"));
        Files.writeString(used.resolve("notes.txt"), "mine");

        CliRun notEmpty = fixture.cli(fixture.db().properties(), "export", Long.toString(id), "--harbor-job",
                used.toString());
        assertThat(notEmpty.exitCode()).isEqualTo(2);
        assertThat(notEmpty.err()).contains("error: --harbor-job " + used.toAbsolutePath() + " is not empty");
        assertThat(used.resolve("notes.txt")).hasContent("mine");

        CliRun unknown = fixture.cli(fixture.db().properties(), "export", "999999", "--harbor-job",
                fixture.stateDir().resolve("exports/none").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("error: no job execution 999999");

        CliRun help = fixture.cli(Map.of(), "export", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--harbor-job").contains("leaderboard-valid").contains("Exit codes");
    }

    @Test
    void aRunArchivedInS3IsExportedFromS3() throws Exception {
        try (io.benchfleet.worker.testing.MotoServer moto = io.benchfleet.worker.testing.MotoServer.start();
             software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1).endpointOverride(moto.endpoint())
                     .forcePathStyle(true).credentialsProvider(software.amazon.awssdk.auth.credentials
                             .StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials
                                     .AwsBasicCredentials.create("testing", "testing"))).build()) {
            s3.createBucket(b -> b.bucket("bf-export"));
            // the artifact store's S3 client takes credentials from the default chain: system properties here
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
            try {
                Map<String, Object> props = fixture.fastTrials();
                props.put("benchfleet.artifacts.location", "s3://bf-export/bench");
                props.put("benchfleet.artifacts.s3-endpoint", moto.endpoint().toString());
                props.put("benchfleet.artifacts.region", "us-east-1");
                CliRun run = fixture.cli(props, "run", "--spec", SMOKE.toString(), "--local", "--workers", "2",
                        "--param", "runId=export-s3");
                assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
                long id = run.jobExecutionId();
                assertThat(fixture.db().jdbc().queryForList("SELECT artifact_uri FROM trial_result WHERE "
                        + "job_execution_id = ?", String.class, id)).allMatch(u -> u.startsWith("s3://bf-export/bench/"));
                Path job = fixture.stateDir().resolve("exports/from-s3");
                Map<String, Object> exportProps = new java.util.HashMap<>(fixture.db().properties());
                exportProps.put("benchfleet.artifacts.location", "s3://bf-export/bench");
                exportProps.put("benchfleet.artifacts.s3-endpoint", moto.endpoint().toString());
                exportProps.put("benchfleet.artifacts.region", "us-east-1");

                CliRun export = fixture.cli(exportProps, "export", Long.toString(id), "--harbor-job", job.toString());

                assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
                assertThat(export.out()).contains(": 6 trials of 3 tasks");
                assertThat(new HarborJobDirectory(job).trialDirectories()).hasSize(6);
                assertThat(new HarborJobDirectory(job).readResult().orElseThrow().nTotalTrials()).isEqualTo(6);
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
        }
    }
}
