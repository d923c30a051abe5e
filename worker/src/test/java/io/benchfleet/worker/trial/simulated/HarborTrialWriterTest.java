package io.benchfleet.worker.trial.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.harbor.FailureClassifier;
import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import io.benchfleet.jobdefs.harbor.HarborTrialResultParser;
import io.benchfleet.jobdefs.harbor.JobProgress;
import io.benchfleet.jobdefs.harbor.PhaseTiming;
import io.benchfleet.jobdefs.harbor.TrialResult;
import io.benchfleet.jobdefs.harbor.json.HarborJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

class HarborTrialWriterTest {

    private static final Instant T0 = Instant.parse("2026-08-22T14:02:11.482113Z");
    private static final String JOB = "tb2-claude-opus-4-1__part-07-of-12";

    @TempDir
    Path jobsDir;

    private final HarborTrialWriter writer = new HarborTrialWriter(
            Clock.fixed(Instant.parse("2026-08-22T15:00:00Z"), ZoneOffset.UTC), new Random(42));
    private final HarborTrialResultParser parser = new HarborTrialResultParser();
    private final FailureClassifier classifier = new FailureClassifier();

    @Test
    void roundTripsAScoredPassThroughTheParser() throws IOException {
        Path trialDir = writer.write(claudeTrial("largest-eigenval").reward(1.0).build());

        TrialResult result = parser.parseTrialDirectory(trialDir);

        assertThat(result.taskName()).isEqualTo("largest-eigenval");
        assertThat(result.trialName()).isEqualTo(trialDir.getFileName().toString());
        assertThat(result.source()).isEqualTo("terminal-bench");
        assertThat(result.agentName()).isEqualTo("claude-code");
        assertThat(result.agentVersion()).isEqualTo("2.0.31");
        assertThat(result.modelName()).isEqualTo("claude-opus-4-1");
        assertThat(result.modelProvider()).isEqualTo("anthropic");
        assertThat(result.rewards()).containsExactly(Map.entry("reward", 1.0));
        assertThat(result.passed()).isTrue();
        assertThat(result.exceptionType()).isNull();
        assertThat(result.nInputTokens()).isEqualTo(412_873L);
        assertThat(result.nCacheTokens()).isEqualTo(371_204L);
        assertThat(result.nOutputTokens()).isEqualTo(9_816L);
        assertThat(result.costUsd()).isEqualTo(1.8342);
        assertThat(result.startedAt()).isEqualTo(T0);
        assertThat(result.finishedAt()).isEqualTo(T0.plusSeconds(700));
        assertThat(result.environmentSetup()).isEqualTo(phase(0, 28));
        assertThat(result.agentSetup()).isEqualTo(phase(29, 70));
        assertThat(result.agentExecution()).isEqualTo(phase(70, 650));
        assertThat(result.verifier()).isEqualTo(phase(652, 695));
        assertThat(classifier.classify(result)).isEqualTo(FailureClass.NONE);

        assertThat(trialDir.resolve("config.json")).isRegularFile();
        assertThat(trialDir.resolve("trial.log")).isRegularFile();
        assertThat(trialDir.resolve("agent/trajectory.json")).isRegularFile();
        assertThat(trialDir.resolve("artifacts")).isDirectory();
        assertThat(trialDir.resolve("verifier/reward.txt")).hasContent("1");
        assertThat(trialDir.resolve("verifier/test-stdout.txt")).isRegularFile();
        assertThat(trialDir.resolve("exception.txt")).doesNotExist();
        assertThat(trialDir.getParent().resolve("config.json")).isRegularFile();
        assertThat(trialDir.getParent().resolve("result.json")).isRegularFile();
    }

    @Test
    void roundTripsAScoredFail() throws IOException {
        Path trialDir = writer.write(claudeTrial("fix-git").reward(0.0).build());

        TrialResult result = parser.parseTrialDirectory(trialDir);

        assertThat(result.scored()).isTrue();
        assertThat(result.reward()).hasValue(0.0);
        assertThat(result.passed()).isFalse();
        assertThat(classifier.classify(result)).isEqualTo(FailureClass.NONE);
        assertThat(trialDir.resolve("verifier/reward.txt")).hasContent("0");
        assertThat(trialDir.resolve("exception.txt")).doesNotExist();
    }

    @Test
    void roundTripsAnAgentTimeoutThatStillGotAZeroReward() throws IOException {
        Path trialDir = writer.write(claudeTrial("fix-git").reward(0.0)
                .exception("AgentTimeoutError", "Agent execution timed out after 900.0 seconds").build());

        TrialResult result = parser.parseTrialDirectory(trialDir);

        assertThat(result.exceptionType()).isEqualTo("AgentTimeoutError");
        assertThat(result.exceptionMessage()).isEqualTo("Agent execution timed out after 900.0 seconds");
        assertThat(result.exceptionTraceback()).startsWith("Traceback (most recent call last):")
                .endsWith("AgentTimeoutError: Agent execution timed out after 900.0 seconds\n");
        assertThat(result.scored()).isTrue();
        assertThat(result.reward()).hasValue(0.0);
        assertThat(classifier.classify(result)).isEqualTo(FailureClass.AGENT);
        assertThat(trialDir.resolve("exception.txt")).hasContent(result.exceptionTraceback().strip());
        JsonNode exceptionInfo = json(trialDir.resolve("result.json")).get("exception_info");
        assertThat(exceptionInfo.get("occurred_at").asString()).isEqualTo("2026-08-22T14:13:03.482113Z");
    }

    @Test
    void roundTripsAnInfraCrashWithoutRewardOrTokens() throws IOException {
        TrialOutput crash = TrialOutput.builder(jobsDir, JOB, "crack-7z-hash")
                .source("terminal-bench")
                .agent("claude-code", null)
                .model("anthropic/claude-opus-4-1")
                .exception("RuntimeError", "Docker compose command failed for environment crack-7z-hash")
                .period(T0, T0.plusSeconds(30))
                .phases(new PhaseTiming(T0, null), null, null, null)
                .build();

        Path trialDir = writer.write(crash);
        TrialResult result = parser.parseTrialDirectory(trialDir);

        assertThat(result.scored()).isFalse();
        assertThat(result.reward()).isEmpty();
        assertThat(result.agentVersion()).isEqualTo("unknown");
        assertThat(result.nInputTokens()).isNull();
        assertThat(result.costUsd()).isNull();
        assertThat(result.environmentSetup()).isEqualTo(new PhaseTiming(T0, null));
        assertThat(result.agentExecution()).isNull();
        assertThat(classifier.classify(result)).isEqualTo(FailureClass.INFRA);
        assertThat(trialDir.resolve("verifier/reward.txt")).doesNotExist();
        assertThat(trialDir.resolve("verifier/test-stdout.txt")).isRegularFile();
        assertThat(trialDir.resolve("exception.txt")).isRegularFile();
        JsonNode written = json(trialDir.resolve("result.json"));
        assertThat(written.get("verifier_result").isNull()).isTrue();
        assertThat(written.get("agent_result").isNull()).isTrue();
    }

    @Test
    void namesTrialsLikeHarborWithTheTaskCutTo32CharactersAndSevenRandomCharacters() {
        String alphabet = HarborTrialWriter.TRIAL_SUFFIX_ALPHABET;
        Random random = new Random(7);

        assertThat(HarborTrialWriter.trialName("fix-git", random)).matches("fix-git__[" + alphabet + "]{7}");
        assertThat(HarborTrialWriter.trialName("terminal-bench/largest-eigenval", random))
                .matches("largest-eigenval__[" + alphabet + "]{7}");
        assertThat(HarborTrialWriter.trialName("llm-inference-batching-scheduler-extended", random))
                .matches("llm-inference-batching-scheduler__[" + alphabet + "]{7}");
        assertThat(HarborTrialWriter.trialName("feal-differential-cryptanalysis-v2", random))
                .as("a trailing '-' left by the cut is removed")
                .matches("feal-differential-cryptanalysis__[" + alphabet + "]{7}");
        assertThat(alphabet).doesNotContain("0", "1", "I", "O", "l").hasSize(57);
    }

    @Test
    void generatesADistinctTrialNameForEachAttemptOfATask() {
        Set<String> names = new HashSet<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            Path trialDir = writer.write(claudeTrial("regex-log").reward(1.0).build());
            names.add(trialDir.getFileName().toString());
            assertThat(trialDir.getParent()).isEqualTo(jobsDir.resolve(JOB).toAbsolutePath());
        }

        assertThat(names).hasSize(5).allMatch(name -> name.startsWith("regex-log__"));
    }

    @Test
    void keepsAnOrgPrefixedTaskNameInTheResultAndStripsItOnRead() throws IOException {
        Path trialDir = writer.write(claudeTrial("terminal-bench/largest-eigenval").reward(1.0).build());

        assertThat(trialDir.getFileName().toString()).startsWith("largest-eigenval__");
        JsonNode written = json(trialDir.resolve("result.json"));
        assertThat(written.get("task_name").asString()).isEqualTo("terminal-bench/largest-eigenval");
        assertThat(written.get("task_id").get("org").asString()).isEqualTo("terminal-bench");
        assertThat(parser.parseTrialDirectory(trialDir).taskName()).isEqualTo("largest-eigenval");
    }

    @Test
    void usesTheGivenTrialNameAndRefusesToOverwriteAFinishedTrial() {
        TrialOutput output = claudeTrial("fix-git").trialName("fix-git__Q7wErT5").reward(1.0).build();

        Path trialDir = writer.write(output);

        assertThat(trialDir.getFileName().toString()).isEqualTo("fix-git__Q7wErT5");
        assertThatThrownBy(() -> writer.write(output))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fix-git__Q7wErT5")
                .hasMessageContaining("already has a result.json");
    }

    @Test
    void writesTheSameTrialResultShapeAsHarbor() throws IOException {
        Path trialDir = writer.write(claudeTrial("largest-eigenval").reward(1.0).build());

        JsonNode written = json(trialDir.resolve("result.json"));
        JsonNode sample = json(resource("trial-result.json"));

        assertThat(written.propertyNames()).containsExactlyElementsOf(sample.propertyNames());
        for (String object : List.of("config", "agent_info", "agent_result", "environment_setup")) {
            assertThat(written.get(object).propertyNames()).as(object)
                    .containsExactlyElementsOf(sample.get(object).propertyNames());
        }
        for (String object : List.of("task", "agent", "environment", "verifier")) {
            assertThat(written.get("config").get(object).propertyNames()).as("config." + object)
                    .containsExactlyElementsOf(sample.get("config").get(object).propertyNames());
        }
        assertThat(written.get("trial_uri").asString())
                .isEqualTo("file://" + trialDir.toAbsolutePath().toUri().getPath().replaceAll("/$", ""));
        assertThat(written.get("started_at").asString()).isEqualTo("2026-08-22T14:02:11.482113Z");
        assertThat(written.get("config").get("job_id").asString())
                .isEqualTo(json(trialDir.getParent().resolve("result.json")).get("id").asString());
        assertThat(json(trialDir.resolve("agent/trajectory.json")).get("schema_version").asString())
                .startsWith("ATIF-v");
        assertThat(json(trialDir.resolve("config.json")).get("trial_name").asString())
                .isEqualTo(trialDir.getFileName().toString());
    }

    @Test
    void updatesTheJobResultStatsAndLiveProgressForEachTrial() throws IOException {
        writer.write(claudeTrial("largest-eigenval").reward(1.0).jobTotalTrials(5).build());
        writer.write(claudeTrial("fix-git").reward(0.0).jobTotalTrials(5).build());
        writer.write(claudeTrial("fix-git").reward(0.0).exception("AgentTimeoutError", "timed out")
                .jobTotalTrials(5).build());
        writer.write(TrialOutput.builder(jobsDir, JOB, "crack-7z-hash").source("terminal-bench")
                .agent("claude-code", "2.0.31").model("anthropic/claude-opus-4-1")
                .exception("RuntimeError", "docker compose failed").jobTotalTrials(5).build());
        HarborJobDirectory job = HarborJobDirectory.of(jobsDir, JOB);

        assertThat(job.trialDirectories()).hasSize(4);
        assertThat(job.progress()).contains(new JobProgress(5, 4, 2, 0, 1));
        JsonNode result = json(job.path().resolve("result.json"));
        assertThat(result.get("finished_at").isNull()).isTrue();
        assertThat(result.get("started_at").asString()).doesNotEndWith("Z");
        JsonNode stats = result.get("stats");
        assertThat(stats.get("n_input_tokens").longValue()).isEqualTo(3 * 412_873L);
        assertThat(stats.get("cost_usd").doubleValue()).isCloseTo(3 * 1.8342, within(1e-9));
        JsonNode eval = stats.get("evals").get("claude-code__claude-opus-4-1__terminal-bench");
        assertThat(eval.get("n_trials").intValue()).isEqualTo(3);
        assertThat(eval.get("n_errors").intValue()).isEqualTo(2);
        assertThat(eval.get("metrics").get(0).get("mean").doubleValue()).isEqualTo(0.25);
        assertThat(eval.get("reward_stats").get("reward").get("1.0")).hasSize(1);
        assertThat(eval.get("reward_stats").get("reward").get("0.0")).hasSize(2);
        assertThat(eval.get("exception_stats").get("AgentTimeoutError")).hasSize(1);
        assertThat(eval.get("exception_stats").get("RuntimeError")).hasSize(1);
        assertThat(result.propertyNames())
                .containsExactlyInAnyOrderElementsOf(json(resource("job-result.json")).propertyNames());

        writer.write(claudeTrial("regex-log").reward(1.0).jobTotalTrials(5).build());

        assertThat(job.progress()).contains(new JobProgress(5, 5, 2, 0, 0));
        assertThat(json(job.path().resolve("result.json")).get("finished_at").isNull()).isFalse();
    }

    @Test
    void continuesAJobResultWrittenWithTheLegacyNames() throws IOException {
        Path jobDir = Files.createDirectories(jobsDir.resolve(JOB));
        Files.copy(resource("job-result-legacy.json"), jobDir.resolve("result.json"));

        writer.write(claudeTrial("regex-log").reward(1.0).build());

        assertThat(new HarborJobDirectory(jobDir).progress()).contains(new JobProgress(10, 5, 1, 0, 5));
        assertThat(json(jobDir.resolve("result.json")).get("id").asString())
                .isEqualTo("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    }

    @Test
    void keepsTheJobStatsConsistentWhenTrialsFinishConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> writes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                double reward = i % 2;
                writes.add(pool.submit(() -> writer.write(claudeTrial("regex-log").reward(reward).build())));
            }
            for (Future<Path> write : writes) {
                write.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        HarborJobDirectory job = HarborJobDirectory.of(jobsDir, JOB);
        assertThat(job.trialDirectories()).hasSize(20);
        assertThat(job.progress()).contains(new JobProgress(20, 20, 0, 0, 0));
        JsonNode eval = json(job.path().resolve("result.json")).get("stats").get("evals")
                .get("claude-code__claude-opus-4-1__terminal-bench");
        assertThat(eval.get("metrics").get(0).get("mean").doubleValue()).isEqualTo(0.5);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        Path trialDir = writer.write(claudeTrial("fix-git").reward(1.0).build());

        try (Stream<Path> files = Stream.concat(Files.list(trialDir), Files.list(trialDir.getParent()))) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void rejectsAnExceptionMessageWithoutAType() {
        assertThatThrownBy(() -> new TrialOutput(jobsDir, JOB, "fix-git", null, null, "oracle", null, null, null,
                null, "message", null, null, null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private TrialOutput.Builder claudeTrial(String taskName) {
        return TrialOutput.builder(jobsDir, JOB, taskName)
                .source("terminal-bench")
                .agent("claude-code", "2.0.31")
                .model("anthropic/claude-opus-4-1")
                .tokens(412_873L, 371_204L, 9_816L)
                .costUsd(1.8342)
                .period(T0, T0.plusSeconds(700))
                .phases(phase(0, 28), phase(29, 70), phase(70, 650), phase(652, 695));
    }

    private static PhaseTiming phase(long fromSecond, long toSecond) {
        return new PhaseTiming(T0.plusSeconds(fromSecond), T0.plusSeconds(toSecond));
    }

    /** The Harbor sample files of the contract's tests. */
    private static Path resource(String name) {
        return Path.of("../job-definitions/src/test/resources/harbor", name);
    }

    private static JsonNode json(Path file) throws IOException {
        return HarborJson.MAPPER.readTree(Files.readAllBytes(file));
    }
}
