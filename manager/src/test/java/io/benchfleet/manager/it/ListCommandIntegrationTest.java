package io.benchfleet.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code benchfleet list} against a real job repository after two small local runs (oracle: all pass; nop: none). */
class ListCommandIntegrationTest {

    static final Path SPEC = Path.of("../job-definitions/examples/smoke-oracle.yaml");

    static TestDatabase db;
    static Path stateDir;
    static long oracleRun;
    static long nopRun;

    @BeforeAll
    static void twoRuns() throws Exception {
        db = new TestDatabase();
        stateDir = Files.createTempDirectory("benchfleet-list-");
        CliRun oracle = CliRun.execute(db.env(), fastTrials(), "--state-dir", stateDir.toString(), "run", "--spec",
                SPEC.toString(), "--local", "--workers", "2", "--param", "runId=list-oracle");
        assertThat(oracle.exitCode()).as(oracle.out() + oracle.err()).isZero();
        oracleRun = oracle.jobExecutionId();
        CliRun nop = CliRun.execute(db.env(), fastTrials(), "--state-dir", stateDir.toString(), "run", "--spec",
                SPEC.toString(), "--local", "--workers", "2", "--param", "runId=list-nop", "--param", "agent=nop");
        assertThat(nop.exitCode()).as(nop.out() + nop.err()).isZero();
        nopRun = nop.jobExecutionId();
    }

    @AfterAll
    static void dropSchema() {
        db.close();
    }

    static Map<String, Object> fastTrials() {
        Map<String, Object> props = new HashMap<>(db.properties());
        props.put("benchfleet.worker.simulated.median-duration", "5ms");
        props.put("benchfleet.worker.simulated.max-duration", "60ms");
        props.put("benchfleet.manager.poll-interval", "200ms");
        return props;
    }

    private static CliRun list(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--state-dir";
        all[1] = stateDir.toString();
        all[2] = "list";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.execute(db.env(), db.properties(), all);
    }

    @Test
    void listPrintsOneLinePerRunNewestFirstWithStatusProgressDurationAndMeanReward() {
        CliRun list = list();

        assertThat(list.exitCode()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).as("header, two runs, the fleet from the worker registry").hasSize(4);
        assertThat(lines.get(3)).startsWith("fleet: 0 hosts, 0 slots (0 free)");
        assertThat(lines.get(0)).contains("ID", "SPEC", "RUN", "STATUS", "PROGRESS", "FAILED", "STARTED", "DURATION",
                "REWARD");
        assertThat(lines.get(1)).startsWith(String.format("%6d", nopRun)).contains("smoke-oracle", "list-nop",
                "COMPLETED", "6/6").endsWith("0.000").containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")
                .containsPattern("00:\\d\\d:\\d\\d");
        assertThat(lines.get(2)).startsWith(String.format("%6d", oracleRun)).contains("list-oracle", "COMPLETED",
                "6/6").endsWith("1.000");
    }

    @Test
    void listWithJsonPrintsTheSameRunsForScripts() {
        CliRun list = list("--json");

        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode runs = JsonMapper.builder().build().readTree(list.out());
        assertThat(runs.isArray()).isTrue();
        assertThat(runs.size()).isEqualTo(2);
        JsonNode newest = runs.get(0);
        assertThat(newest.get("jobExecutionId").asLong()).isEqualTo(nopRun);
        assertThat(newest.get("spec").asString()).isEqualTo("smoke-oracle");
        assertThat(newest.get("run").asString()).isEqualTo("list-nop");
        assertThat(newest.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(newest.get("partitions").get("total").asInt()).isEqualTo(6);
        assertThat(newest.get("partitions").get("completed").asInt()).isEqualTo(6);
        assertThat(newest.get("partitions").get("failed").asInt()).isZero();
        assertThat(newest.get("trials").asInt()).isEqualTo(6);
        assertThat(newest.get("meanReward").asDouble()).isEqualTo(0.0);
        assertThat(newest.get("durationSeconds").asDouble()).isPositive();
        assertThat(runs.get(1).get("meanReward").asDouble()).isEqualTo(1.0);
    }

    @Test
    void listLastAndSpecNarrowTheRunsAndBadInputIsExitCodeTwo() {
        CliRun last = list("--last", "1");
        assertThat(last.out().lines().toList()).as("header, one run, the fleet").hasSize(3);
        assertThat(last.out()).contains("list-nop").doesNotContain("list-oracle");

        CliRun other = list("--spec", "terminal-bench-750");
        assertThat(other.exitCode()).isZero();
        assertThat(other.out()).startsWith("No runs of spec terminal-bench-750 in");

        CliRun bad = list("--last", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("error: --last must be from 1 to 10000, found 0");
    }
}
