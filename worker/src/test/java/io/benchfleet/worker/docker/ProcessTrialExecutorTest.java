package io.benchfleet.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.trial.TrialEvaluator;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import io.benchfleet.worker.trial.TrialRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process executor running the Harbor stand-in script on this host (POSIX sh, sed, tr, date). */
class ProcessTrialExecutorTest {

    @TempDir
    Path dir;

    Path script;

    @BeforeEach
    void installTheStandIn() throws Exception {
        script = HarborStandIn.script(dir.resolve("standin"));
    }

    ProcessTrialExecutor executor() {
        // the template path travels like a secret: named in the partition, valued from the worker's environment
        Map<String, String> env = Map.of("HARBOR_STANDIN_TEMPLATE", dir.resolve("standin/trial-result.json")
                .toString());
        return new ProcessTrialExecutor(new HarborCommandLine(script.toString(), null), Duration.ofSeconds(1),
                env::get, "host-1");
    }

    static Partition partition(String agent, long timeoutSeconds, List<String> secrets) {
        return new Partition("regex-log__a02", 0, "spec", "terminal-bench@2.0", "regex-log", 2, agent, null,
                Map.of(), "unused", 1.0, timeoutSeconds, 60, secrets);
    }

    TrialRecord evaluate(Path jobDir) {
        return new TrialEvaluator().evaluate(jobDir, Instant.now(), Instant.now());
    }

    @Test
    void aPassingTrialOfTheHarborCliIsParsedWithItsOutputInTheJobDirectory() throws Exception {
        Path jobDir = executor().run(partition("standin-pass", 30, List.of("HARBOR_STANDIN_TEMPLATE")),
                dir.resolve("jobs/se-1"));
        TrialRecord record = evaluate(jobDir);
        assertThat(record.failureClass()).isEqualTo(FailureClass.NONE);
        assertThat(record.reward()).isEqualTo(1.0);
        assertThat(Files.readString(jobDir.resolve(ProcessTrialExecutor.OUTPUT_LOG)))
                .contains("harbor-standin: dataset=terminal-bench@2.0 task=regex-log agent=standin-pass");
    }

    @Test
    void aHangingHarborProcessTreeIsKilledAtTheLimitAndClassifiedInfra() throws Exception {
        long start = System.nanoTime();
        Path jobDir = executor().run(partition("standin-hang", 2, List.of("HARBOR_STANDIN_TEMPLATE")),
                dir.resolve("jobs/se-2"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(Files.readString(jobDir.resolve("benchfleet-timeout.txt"))).contains("wall-clock limit of 2 s");
        assertThat(evaluate(jobDir).failureClass()).isEqualTo(FailureClass.INFRA);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(script.toString()))).isEmpty();
    }

    @Test
    void aMissingSecretIsAnInfraErrorNamingOnlyTheVariable() {
        assertThatThrownBy(() -> executor().run(partition("standin-pass", 30, List.of("OPENAI_API_KEY")),
                dir.resolve("jobs/se-3")))
                .isInstanceOf(TrialInfrastructureException.class)
                .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void aMissingHarborCliIsAnInfraErrorSayingWhatToInstall() {
        ProcessTrialExecutor executor = new ProcessTrialExecutor(new HarborCommandLine("/nonexistent/harbor", null),
                Duration.ZERO, name -> null, "host-1");
        assertThatThrownBy(() -> executor.run(partition("standin-pass", 30, List.of()), dir.resolve("jobs/se-4")))
                .isInstanceOf(TrialInfrastructureException.class)
                .hasMessageContaining("/nonexistent/harbor")
                .hasMessageContaining("harbor-executable");
    }
}
