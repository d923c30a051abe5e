package io.benchfleet.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.config.DockerProperties;
import io.benchfleet.worker.trial.TrialEvaluator;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import io.benchfleet.worker.trial.TrialRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The docker executor against a real daemon, with the Harbor stand-in image (see {@link HarborStandIn}). */
class HarborDockerExecutorTest {

    @RegisterExtension
    static final DockerDaemon daemon = new DockerDaemon();

    static final String WORKER = "bf-test-host-" + ProcessHandle.current().pid();
    static final String SECRET_NAME = "BENCHFLEET_TEST_API_KEY";
    static final String SECRET_VALUE = "sk-test-9f8e7d6c5b4a-never-log-me";

    @TempDir
    static Path buildDir;

    @TempDir
    Path workDir;

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void buildTheStandInImage() throws Exception {
        HarborStandIn.build(daemon.client(), daemon.host(), buildDir);
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger("io.benchfleet.worker.docker")).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger("io.benchfleet.worker.docker")).detachAppender(logs);
    }

    DockerProperties properties(List<String> prepull) {
        return new DockerProperties(daemon.host(), null, prepull, "none", Duration.ofSeconds(20), Duration.ZERO,
                true, null);
    }

    HarborDockerExecutor executor() {
        return new HarborDockerExecutor(daemon.client(), properties(List.of()), WORKER,
                name -> name.equals(SECRET_NAME) ? SECRET_VALUE : null);
    }

    static Partition partition(String agent, long timeoutSeconds, String image) {
        return new Partition(Partition.keyOf("fix-git", 1), 0, "spec", "terminal-bench@2.0", "fix-git", 1, agent,
                "anthropic/claude-opus-4-1", Map.of("max_turns", "200"), image, 1.0, timeoutSeconds, 60,
                List.of(SECRET_NAME));
    }

    Path jobsDir() {
        return workDir.resolve("jobs/se-42");
    }

    TrialRecord evaluate(Path jobDir) {
        return new TrialEvaluator().evaluate(jobDir, Instant.now(), Instant.now());
    }

    boolean exists(String containerId) {
        try {
            daemon.client().inspectContainerCmd(containerId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Test
    void aPassingTrialRunsInAContainerWithTheSocketTheSamePathJobsDirSecretNamesArgvAndLabelsAndIsRemoved()
            throws Exception {
        HarborDockerExecutor executor = executor();
        AtomicReference<InspectContainerResponse> seen = new AtomicReference<>();
        executor.onContainerStarted(id -> seen.set(daemon.client().inspectContainerCmd(id).exec()));
        Partition partition = partition("standin-pass", 60, HarborStandIn.IMAGE);
        Path jobsDir = jobsDir();

        Path jobDir = executor.run(partition, jobsDir, new TrialLabels(7L, 42L));

        InspectContainerResponse container = seen.get();
        String absoluteJobs = jobsDir.toAbsolutePath().toString();
        assertThat(container.getHostConfig().getBinds()).extracting(Bind::toString).containsExactlyInAnyOrder(
                daemon.host().substring("unix://".length()) + ":/var/run/docker.sock:rw",
                absoluteJobs + ":" + absoluteJobs + ":rw");
        assertThat(container.getHostConfig().getNetworkMode()).isEqualTo("none");
        assertThat(container.getConfig().getEnv()).contains(SECRET_NAME + "=" + SECRET_VALUE);
        assertThat(container.getConfig().getLabels()).containsAllEntriesOf(Map.of(
                "benchfleet.job-execution", "7", "benchfleet.step-execution", "42",
                "benchfleet.partition", "fix-git__a01", "benchfleet.worker", WORKER));
        List<String> argv = new java.util.ArrayList<>(List.of(container.getPath()));
        argv.addAll(List.of(container.getArgs()));
        assertThat(argv).containsExactly("harbor", "run", "-d", "terminal-bench@2.0", "-i", "fix-git", "-a",
                "standin-pass", "-m", "anthropic/claude-opus-4-1", "-k", "1", "-n", "1", "-r", "0", "-o", absoluteJobs,
                "--job-name", "fix-git__a01", "--timeout-multiplier", "1.0", "--ak", "max_turns=200", "-e", "docker",
                "-y");
        assertThat(container.getName()).isEqualTo("/benchfleet-se42-fix-git__a01");
        assertThat(exists(container.getId())).as("container removed after the trial").isFalse();

        assertThat(jobDir).isEqualTo(jobsDir.toAbsolutePath().resolve("fix-git__a01"));
        TrialRecord record = evaluate(jobDir);
        assertThat(record.failureClass()).isEqualTo(FailureClass.NONE);
        assertThat(record.reward()).isEqualTo(1.0);
        assertThat(record.passed()).isTrue();

        String containerLog = Files.readString(jobDir.resolve("container.log"), StandardCharsets.UTF_8);
        assertThat(containerLog).contains("harbor-standin: trial fix-git__").contains("docker socket present")
                .doesNotContain(SECRET_VALUE);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("[fix-git__a01] harbor-standin: trial"))
                .anyMatch(m -> m.contains(SECRET_NAME))
                .noneMatch(m -> m.contains(SECRET_VALUE));
    }

    @Test
    void failingAndAgentTimeoutTrialsAreParsedAndClassifiedAsValidResults() {
        TrialRecord failed = evaluate(executor().run(partition("standin-fail", 60, HarborStandIn.IMAGE),
                workDir.resolve("fail/se-1"), new TrialLabels(1L, 1L)));
        assertThat(failed.failureClass()).isEqualTo(FailureClass.NONE);
        assertThat(failed.reward()).isEqualTo(0.0);

        TrialRecord timedOut = evaluate(executor().run(partition("standin-timeout", 60, HarborStandIn.IMAGE),
                workDir.resolve("timeout/se-2"), new TrialLabels(1L, 2L)));
        assertThat(timedOut.failureClass()).isEqualTo(FailureClass.AGENT);
        assertThat(timedOut.exceptionType()).isEqualTo("AgentTimeoutError");
        assertThat(timedOut.reward()).isEqualTo(0.0);
    }

    @Test
    void aHarborCrashWithoutResultIsAnInfraFailureWithItsOutputKept() throws Exception {
        Path jobDir = executor().run(partition("standin-crash", 60, HarborStandIn.IMAGE), jobsDir(),
                new TrialLabels(1L, 3L));
        assertThat(evaluate(jobDir).failureClass()).isEqualTo(FailureClass.INFRA);
        assertThat(Files.readString(jobDir.resolve("container.log"))).contains("harbor-standin: crashing");
    }

    @Test
    void aTrialOverItsWallClockLimitIsKilledAndRemovedAndClassifiedInfra() throws Exception {
        HarborDockerExecutor executor = executor();
        AtomicReference<String> id = new AtomicReference<>();
        executor.onContainerStarted(id::set);
        long start = System.nanoTime();

        Path jobDir = executor.run(partition("standin-hang", 3, HarborStandIn.IMAGE), jobsDir(),
                new TrialLabels(1L, 4L));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(exists(id.get())).isFalse();
        assertThat(Files.readString(jobDir.resolve("benchfleet-timeout.txt"))).contains("wall-clock limit of 3 s");
        assertThat(evaluate(jobDir).failureClass()).isEqualTo(FailureClass.INFRA);
    }

    @Test
    void aMissingSecretIsAnInfraErrorNamingTheVariableAndNoContainerIsStarted() {
        HarborDockerExecutor executor = new HarborDockerExecutor(daemon.client(), properties(List.of()), WORKER,
                name -> null);
        assertThatThrownBy(() -> executor.run(partition("standin-pass", 60, HarborStandIn.IMAGE), jobsDir(),
                new TrialLabels(1L, 5L)))
                .isInstanceOf(TrialInfrastructureException.class)
                .hasMessageContaining(SECRET_NAME)
                .hasMessageContaining(WORKER);
    }

    @Test
    void startUpRemovesThisWorkersLabelledOrphansOnlyAndReportsReadyWhenTheImagesArePresent() {
        String orphan = daemon.client().createContainerCmd(HarborStandIn.IMAGE).withCmd("sleep", "600")
                .withLabels(Map.of("benchfleet.worker", WORKER, "benchfleet.partition", "regex-log__a03"))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        daemon.client().startContainerCmd(orphan).exec();
        String otherHosts = daemon.client().createContainerCmd(HarborStandIn.IMAGE).withCmd("true")
                .withLabels(Map.of("benchfleet.worker", "some-other-host")).exec().getId();
        try {
            HarborDockerExecutor executor = new HarborDockerExecutor(daemon.client(),
                    properties(List.of(HarborStandIn.IMAGE)), WORKER, System::getenv);
            assertThat(executor.readiness().ready()).isFalse();

            executor.readiness().start();

            assertThat(executor.readiness().ready()).as(executor.readiness().reason()).isTrue();
            assertThat(exists(orphan)).isFalse();
            assertThat(exists(otherHosts)).isTrue();
        } finally {
            daemon.client().removeContainerCmd(otherHosts).withForce(true).exec();
        }
    }

    @Test
    void anAbsentImageThatCannotBePulledIsAnInfraErrorNamingTheImageAndWhatToDo() {
        assertThatThrownBy(() -> executor().run(partition("standin-pass", 60, "benchfleet-absent/none:1"), jobsDir(),
                new TrialLabels(1L, 6L)))
                .isInstanceOf(TrialInfrastructureException.class)
                .hasMessageContaining("benchfleet-absent/none:1")
                .hasMessageContaining("cannot be pulled")
                .hasMessageContaining("docker login")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aFailedPrePullLeavesTheWorkerNotReadyWithTheReason() {
        HarborDockerExecutor executor = new HarborDockerExecutor(daemon.client(),
                properties(List.of("benchfleet-absent/none:1")), WORKER, System::getenv);
        executor.readiness().start();
        assertThat(executor.readiness().ready()).isFalse();
        assertThat(executor.readiness().reason()).contains("benchfleet-absent/none:1");
    }
}
