package io.benchfleet.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.config.SimulatedTrialProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedTrialExecutorTest {

    @TempDir
    Path jobsDir;

    static Partition partition(String task, int attempt, String agent) {
        return new Partition(Partition.keyOf(task, attempt), 0, "spec", "terminal-bench@2.0", task, attempt, agent,
                agent.equals("oracle") ? null : "anthropic/claude-opus-4-1", Map.of(), "img", 1.0, 2400, 600,
                List.of());
    }

    static SimulatedTrialProperties model(double pass, double agentTimeout, double infra) {
        return new SimulatedTrialProperties(Duration.ofMillis(1), 0.1, Duration.ZERO, Duration.ofMillis(5), pass,
                agentTimeout, 0.0, 0.0, infra, 7L, null, null);
    }

    private TrialRecord runAndEvaluate(SimulatedTrialExecutor executor, Partition p) {
        Instant start = Instant.now();
        Path jobDir = executor.run(p, jobsDir);
        return new TrialEvaluator().evaluate(jobDir, start, Instant.now());
    }

    @Test
    void writesAHarborJobDirectoryThatTheOneParserReadsBack() {
        SimulatedTrialExecutor executor = new SimulatedTrialExecutor(model(0.6, 0, 0), Clock.systemUTC());
        TrialRecord record = runAndEvaluate(executor, partition("fix-git", 1, "claude-code"));
        assertThat(jobsDir.resolve("fix-git__a01/result.json")).exists();
        assertThat(record.trialName()).startsWith("fix-git__");
        assertThat(record.reward()).isIn(0.0, 1.0);
        assertThat(record.failureClass()).isEqualTo(FailureClass.NONE);
        assertThat(record.inputTokens()).isPositive();
        assertThat(record.agentExecutionMs()).isNotNull();
    }

    @Test
    void theOracleAgentAlwaysPassesAsInHarbor() {
        SimulatedTrialExecutor executor = new SimulatedTrialExecutor(model(0.0, 0, 0), Clock.systemUTC());
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(runAndEvaluate(executor, partition("regex-log", attempt, "oracle")).passed()).isTrue();
        }
    }

    @Test
    void anAgentTimeoutIsAScoredAgentFailureWithRewardZero() {
        SimulatedTrialExecutor executor = new SimulatedTrialExecutor(model(0.6, 1.0, 0), Clock.systemUTC());
        TrialRecord record = runAndEvaluate(executor, partition("fix-git", 2, "claude-code"));
        assertThat(record.failureClass()).isEqualTo(FailureClass.AGENT);
        assertThat(record.exceptionType()).isEqualTo("AgentTimeoutError");
        assertThat(record.reward()).isEqualTo(0.0);
    }

    @Test
    void anInfrastructureCrashLeavesNoResultAndIsClassifiedInfra() {
        SimulatedTrialExecutor executor = new SimulatedTrialExecutor(model(0.6, 0, 1.0), Clock.systemUTC());
        TrialRecord record = runAndEvaluate(executor, partition("fix-git", 3, "claude-code"));
        assertThat(record.failureClass()).isEqualTo(FailureClass.INFRA);
        assertThat(record.reward()).isNull();
        assertThat(record.exceptionMessage()).contains("no result.json");
    }

    @Test
    void outcomesAreDeterministicPerPartition() {
        SimulatedTrialProperties m = model(0.5, 0.1, 0.1);
        Path first = jobsDir.resolve("one");
        Path second = jobsDir.resolve("two");
        for (int attempt = 1; attempt <= 10; attempt++) {
            Partition p = partition("sqlite-with-gcov", attempt, "claude-code");
            Instant t = Instant.now();
            TrialRecord a = new TrialEvaluator().evaluate(new SimulatedTrialExecutor(m, Clock.systemUTC()).run(p,
                    first), t, t);
            TrialRecord b = new TrialEvaluator().evaluate(new SimulatedTrialExecutor(m, Clock.systemUTC()).run(p,
                    second), t, t);
            assertThat(a.reward()).isEqualTo(b.reward());
            assertThat(a.failureClass()).isEqualTo(b.failureClass());
        }
    }

    static SimulatedTrialProperties replay(Path durationsFile, double timeScale) {
        return new SimulatedTrialProperties(null, null, null, null, 1.0, 0.0, 0.0, 0.0, 0.0, 7L, durationsFile,
                timeScale);
    }

    @Test
    void aReplayedWorkloadGivesEachTrialItsListedDurationDividedByTheTimeScale() throws Exception {
        Path file = java.nio.file.Files.writeString(jobsDir.resolve("workload.csv"),
                "partition_key,duration_seconds\nfix-git__a01,30\nfix-git__a02,0.6\n");
        SimulatedTrialExecutor executor = new SimulatedTrialExecutor(replay(file, 100), Clock.systemUTC());

        TrialRecord longer = runAndEvaluate(executor, partition("fix-git", 1, "claude-code"));
        TrialRecord shorter = runAndEvaluate(executor, partition("fix-git", 2, "claude-code"));

        assertThat(longer.durationMs()).isBetween(295L, 600L);
        assertThat(shorter.durationMs()).isBetween(6L, 200L);
    }

    @Test
    void aPartitionMissingFromTheWorkloadIsAConfigurationFailure() throws Exception {
        Path file = java.nio.file.Files.writeString(jobsDir.resolve("workload.csv"),
                "partition_key,duration_seconds\nfix-git__a01,1\n");
        SimulatedTrialExecutor executor = new SimulatedTrialExecutor(replay(file, 1000), Clock.systemUTC());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> executor.run(partition("regex-log", 1, "oracle"),
                jobsDir)).isInstanceOf(TrialConfigurationException.class)
                .hasMessageContaining("partition regex-log__a01 is not in the workload file " + file);
    }

    @Test
    void anUnreadableWorkloadFileStopsTheExecutorAtStartWithOneLine() {
        Path missing = jobsDir.resolve("nope.csv");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SimulatedTrialExecutor(replay(missing, 1),
                Clock.systemUTC())).hasMessageStartingWith(missing + ": no such workload file");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replay(missing, 0))
                .hasMessageContaining("time-scale must be > 0");
    }
}
