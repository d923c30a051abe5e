package io.benchfleet.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.plan.Partition;
import org.junit.jupiter.api.Test;

class HarborCommandLineTest {

    static Partition partition(String model, Map<String, String> kwargs, double multiplier) {
        return new Partition("largest-eigenval__a07", 3, "tb", "terminal-bench@2.0", "largest-eigenval", 7,
                "claude-code", model, kwargs, "benchfleet/harbor:0.22.0", multiplier, 2400, 600, List.of());
    }

    @Test
    void theArgvCarriesEveryFlagInHarbor022OrderWithSortedAgentKwargsYesToPromptsAndTheRegistryFile() {
        List<String> argv = new HarborCommandLine("harbor", Path.of("/etc/harbor/registry.json"))
                .argv(partition("anthropic/claude-opus-4-1", Map.of("temperature", "0.2", "max_turns", "200"), 1.5),
                        Path.of("/data/jobs/se-17"));
        assertThat(argv).containsExactly("harbor", "run", "-d", "terminal-bench@2.0", "-i", "largest-eigenval",
                "-a", "claude-code", "-m", "anthropic/claude-opus-4-1", "-k", "1", "-n", "1", "-r", "0",
                "-o", "/data/jobs/se-17", "--job-name", "largest-eigenval__a07", "--timeout-multiplier", "1.5",
                "--ak", "max_turns=200", "--ak", "temperature=0.2", "-e", "docker", "-y",
                "--registry-path", "/etc/harbor/registry.json");
    }

    @Test
    void anAgentWithoutModelGetsNoModelFlagAndNoRegistryFlagWhenNoneIsConfigured() {
        List<String> argv = new HarborCommandLine().argv(partition(null, Map.of(), 1.0), Path.of("/j/se-1"));
        assertThat(argv).containsExactly("harbor", "run", "-d", "terminal-bench@2.0", "-i", "largest-eigenval",
                "-a", "claude-code", "-k", "1", "-n", "1", "-r", "0", "-o", "/j/se-1", "--job-name",
                "largest-eigenval__a07", "--timeout-multiplier", "1.0", "-e", "docker", "-y");
    }

    @Test
    void theTimeoutMultiplierIsAPlainLocaleIndependentDecimal() {
        assertThat(HarborCommandLine.decimal(0.00001)).isEqualTo("0.00001");
        assertThat(HarborCommandLine.decimal(2)).isEqualTo("2.0");
    }

    @Test
    void aRelativeJobsDirBecomesAbsolute() {
        List<String> argv = new HarborCommandLine().argv(partition(null, Map.of(), 1.0), Path.of("jobs/se-1"));
        assertThat(argv.get(argv.indexOf("-o") + 1)).isEqualTo(Path.of("jobs/se-1").toAbsolutePath().toString());
    }
}
