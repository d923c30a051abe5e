package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.manager.it.CliRun;
import io.benchfleet.manager.it.LocalRunFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The "done when", through the real command line on local runs: three runs of one spec (the simulator drawing
 * other outcomes each night) report adjusted p-values, coverage and the verdict, phase timings, the trend over the
 * three runs and the flaky tasks; {@code report --compare} compares any two; {@code --require-valid} fails a run
 * below its gate; and the example matrix spec runs end to end with its leaderboard in every format.
 */
class JudgedRunsEndToEndTest {

    static final Path MATRIX = Path.of("../job-definitions/examples/terminal-bench-matrix.yaml");

    @RegisterExtension
    static final LocalRunFixture fixture = new LocalRunFixture();

    @TempDir
    Path specs;

    private Map<String, Object> night(int seed) {
        Map<String, Object> props = fixture.fastTrials();
        props.put("benchfleet.worker.simulated.seed", Integer.toString(seed));
        props.put("benchfleet.worker.simulated.infra-failure-rate", "0");
        return props;
    }

    private Path spec() throws Exception {
        Path spec = specs.resolve("nightly.yaml");
        Files.writeString(spec, """
                name: judged-nightly
                dataset: terminal-bench@2.0
                tasks: [t01, t02, t03, t04, t05, t06, t07, t08, t09, t10]
                attempts: 4
                agent: claude-code
                model: anthropic/claude-opus-4-1
                estimatedTrialSec: 5
                report: {minCoverage: 0.8, trendRuns: 5}
                """);
        return spec;
    }

    @Test
    void threeNightsReportTheCorrectedComparisonCoveragePhasesTrendAndFlakyTasks() throws Exception {
        Path spec = spec();
        long[] ids = new long[3];
        for (int night = 0; night < 3; night++) {
            CliRun run = fixture.cli(night(101 + night), "run", "--spec", spec.toString(), "--local", "--workers",
                    "2", "--param", "runId=night-" + (night + 1));
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            ids[night] = run.jobExecutionId();
        }
        Path dir = fixture.stateDir().resolve("artifacts/reports/" + ids[2]);
        JsonNode report = json(dir.resolve("report.json"));

        assertThat(report.get("schemaVersion").asInt()).isEqualTo(3);
        JsonNode coverage = report.get("coverage");
        assertThat(coverage.get("planned").asInt()).isEqualTo(40);
        assertThat(coverage.get("minCoverage").asDouble()).isEqualTo(0.8);
        assertThat(coverage.get("comparable").asBoolean()).isTrue();
        JsonNode regression = report.get("regression");
        assertThat(regression.get("baselineJobExecutionId").asLong()).isEqualTo(ids[1]);
        assertThat(regression.get("correction").asString()).isEqualTo("Benjamini-Hochberg");
        assertThat(regression.get("verdict").asString()).isIn("better", "worse", "no significant change");
        for (JsonNode change : regression.get("taskChanges")) {
            // adjusted over the 10 tasks compared: at least the raw p, at most 1
            assertThat(change.get("adjustedPValue").asDouble()).isBetween(change.get("pValue").asDouble(), 1.0);
        }
        assertThat(report.get("phases").get("overall").get(2).get("phase").asString()).isEqualTo("agent");
        assertThat(report.get("phases").get("overall").get(2).get("p95Ms").isNumber()).isTrue();
        assertThat(report.get("phases").get("tailPhase").isString()).isTrue();
        JsonNode trend = report.get("trend");
        assertThat(trend.get("window").asInt()).isEqualTo(5);
        assertThat(trend.get("runs")).extracting(r -> r.get("jobExecutionId").asLong())
                .containsExactly(ids[0], ids[1], ids[2]);
        assertThat(trend.get("flakyTasks").isArray()).isTrue();
        assertThat(trend.get("flakyTasks").size()).as("other seeds, other outcomes: some task flips").isPositive();

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg id=\"chart-trend\"").contains("id=\"flaky-table\"")
                .contains("id=\"coverage\"").contains("adjusted p (BH)").contains("id=\"phase-table\"")
                .contains("<svg id=\"chart-pass-at-k\"");
        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("- Coverage: 100.0% scored (40 of 40 planned; gate 80%)")
                .contains("- Phases p50/p95: environment setup").contains("- Trend over the last 3 completed runs:")
                .contains("- Task changes");
        List<String> comparisons = Files.readAllLines(dir.resolve("comparisons.csv"));
        assertThat(comparisons.get(0)).startsWith("comparison,a,b,task,");
        assertThat(comparisons).hasSize(1 + regression.get("taskChanges").size());

        // any two runs: the third against the first
        CliRun compare = fixture.cli(fixture.db().properties(), "report", "--compare", Long.toString(ids[0]),
                Long.toString(ids[2]));
        assertThat(compare.exitCode()).as(compare.out() + compare.err()).isZero();
        JsonNode vs = json(dir.resolve("vs-" + ids[0] + "/report.json"));
        assertThat(vs.get("regression").get("baselineJobExecutionId").asLong()).isEqualTo(ids[0]);
        assertThat(vs.get("regression").get("baselineRun").asString()).isEqualTo("night-1");
        assertThat(compare.out()).contains("Regression vs run " + ids[0] + " (night-1)");

        CliRun valid = fixture.cli(fixture.db().properties(), "report", Long.toString(ids[2]), "--require-valid");
        assertThat(valid.exitCode()).as(valid.out() + valid.err()).isZero();

        // a night where half the trials die of infrastructure (no retries): below the gate, no verdict, exit 1
        Map<String, Object> broken = night(104);
        broken.put("benchfleet.worker.simulated.infra-failure-rate", "0.5");
        broken.put("benchfleet.manager.infra-retries", "0");
        CliRun bad = fixture.cli(broken, "run", "--spec", spec.toString(), "--local", "--workers", "2", "--param",
                "runId=night-4");
        assertThat(bad.out()).contains("**not comparable**");
        CliRun gated = fixture.cli(fixture.db().properties(), "report", Long.toString(bad.jobExecutionId()),
                "--require-valid");
        assertThat(gated.exitCode()).isEqualTo(1);
        assertThat(gated.err()).contains("is not comparable: ").contains("below the 80% the spec requires");
        JsonNode badReport = json(fixture.stateDir().resolve("artifacts/reports/" + bad.jobExecutionId()
                + "/report.json"));
        assertThat(badReport.get("regression").get("verdict").asString()).isEqualTo("not comparable");
        assertThat(badReport.get("regression").get("withheldReason").asString()).startsWith("this run: ");

        CliRun neither = fixture.cli(fixture.db().properties(), "report");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give one job execution id, or --compare A B");
    }

    @Test
    void theExampleMatrixSpecRunsLocallyWithItsLeaderboardInEveryFormat() throws Exception {
        CliRun run = fixture.cli(night(7), "run", "--spec", MATRIX.toString(), "--local", "--workers", "3",
                "--param", "attempts=2", "--param", "runId=matrix-1");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

        // 3 configurations x 12 tasks x 2 attempts, every row knowing its configuration
        assertThat(fixture.count("SELECT count(*) FROM trial_result WHERE job_execution_id = ?",
                run.jobExecutionId())).isEqualTo(72);
        assertThat(fixture.count("SELECT count(DISTINCT configuration) FROM trial_result WHERE job_execution_id = ? "
                + "AND partition_key = configuration || '__' || task || '__a0' || attempt", run.jobExecutionId()))
                .isEqualTo(3);
        Path dir = fixture.stateDir().resolve("artifacts/reports/" + run.jobExecutionId());
        JsonNode matrix = json(dir.resolve("report.json")).get("matrix");
        assertThat(matrix.get("leaderboard")).extracting(c -> c.get("configuration").asString())
                .containsExactlyInAnyOrder("opus", "sonnet", "codex-gpt5");
        assertThat(matrix.get("leaderboard").get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(matrix.get("pairs").size()).isEqualTo(3);
        assertThat(matrix.get("testsInFamily").asInt()).isEqualTo(36);
        assertThat(Files.readAllLines(dir.resolve("leaderboard.csv"))).hasSize(4);
        assertThat(Files.readAllLines(dir.resolve("trials.csv")).get(0)).endsWith(",artifact_uri,configuration");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"leaderboard-table\"")
                .contains("id=\"pair-table\"");
        assertThat(run.out()).contains("| # | configuration | agent | model | pass rate (95% CI)")
                .contains("| codex-gpt5 | codex | openai/gpt-5 |").contains("- Pairs (sign test over tasks");

        CliRun plan = fixture.cli(fixture.db().properties(), "plan", "--spec", MATRIX.toString(), "--json");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        JsonNode planned = Json.MAPPER.readTree(plan.out());
        assertThat(planned.get("partitions").asInt()).isEqualTo(108);
        assertThat(planned.get("configurations")).extracting(c -> c.get("name").asString() + " "
                + c.get("partitions").asInt()).containsExactly("opus 36", "sonnet 36", "codex-gpt5 36");
        // this run's trials were simulated: their invented costs are no history for a real run's plan
        assertThat(planned.get("configurations").get(0).get("llmSource").asString())
                .startsWith("no real trials with anthropic/claude-opus-4-1 yet, simulated ones do not count");
    }

    private static JsonNode json(Path file) throws Exception {
        return Json.MAPPER.readTree(Files.readString(file));
    }
}
