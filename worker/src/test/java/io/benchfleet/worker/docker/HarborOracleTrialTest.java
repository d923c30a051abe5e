package io.benchfleet.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.exception.NotFoundException;
import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.config.DockerProperties;
import io.benchfleet.worker.trial.TrialEvaluator;
import io.benchfleet.worker.trial.TrialRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Harbor trial with the {@code oracle} agent (the task's reference solution: reward 1), in the image named by
 * {@code BENCHFLEET_HARBOR_IMAGE} when it is present on the daemon; skipped otherwise. Needs network access (the
 * dataset and the task image). Optional: {@code BENCHFLEET_HARBOR_DATASET} (default terminal-bench@2.0),
 * {@code BENCHFLEET_HARBOR_TASK} (default fix-git), {@code BENCHFLEET_HARBOR_REGISTRY} (a registry.json path).
 */
class HarborOracleTrialTest {

    static final DockerDaemon daemon = new DockerDaemon();
    static String image;

    @TempDir
    Path workDir;

    @BeforeAll
    static void requireTheHarborImage() throws Exception {
        image = System.getenv("BENCHFLEET_HARBOR_IMAGE");
        if (image == null || image.isBlank()) {
            skip("BENCHFLEET_HARBOR_IMAGE is not set (build worker/harbor-image/ and set it to run a real "
                    + "Harbor oracle trial)");
        }
        daemon.start();
        try {
            daemon.client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            skip("the Harbor image " + image + " (BENCHFLEET_HARBOR_IMAGE) is not present on " + daemon.host());
        }
    }

    @AfterAll
    static void stopTheDaemon() throws Exception {
        daemon.stop();
    }

    private static void skip(String reason) {
        System.out.println("[HarborOracleTrialTest] SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    @Test
    void theOracleAgentSolvesARealTaskAndTheTrialIsScoredOne() {
        String registry = System.getenv("BENCHFLEET_HARBOR_REGISTRY");
        DockerProperties properties = new DockerProperties(daemon.host(), registry == null ? null : Path.of(registry),
                List.of(), daemon.privateDaemon() ? "none" : null, Duration.ofMinutes(10), Duration.ofSeconds(30),
                false, null);
        String task = System.getenv().getOrDefault("BENCHFLEET_HARBOR_TASK", "fix-git");
        Partition partition = new Partition(Partition.keyOf(task, 1), 0, "oracle-smoke",
                System.getenv().getOrDefault("BENCHFLEET_HARBOR_DATASET", "terminal-bench@2.0"), task, 1, "oracle",
                null, Map.of(), image, 1.0, 1800, 600, List.of());
        HarborDockerExecutor executor = new HarborDockerExecutor(daemon.client(), properties, "oracle-test",
                System::getenv);

        Path jobDir = executor.run(partition, workDir.resolve("jobs/se-1"), new TrialLabels(1L, 1L));

        TrialRecord record = new TrialEvaluator().evaluate(jobDir, Instant.now(), Instant.now());
        assertThat(record.failureClass()).as(record.exceptionType() + ": " + record.exceptionMessage())
                .isEqualTo(FailureClass.NONE);
        assertThat(record.reward()).isEqualTo(1.0);
    }
}
