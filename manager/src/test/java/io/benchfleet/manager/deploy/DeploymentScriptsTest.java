package io.benchfleet.manager.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the deployment tests (bats: scripts/scale.sh against moto_server, the secrets helper, shellcheck, terraform
 * fmt/validate offline) as part of the one test command. Skipped with a printed reason where bats is missing
 * ({@code .ci/run} installs it).
 */
class DeploymentScriptsTest {

    @Test
    void theScaleScriptTerraformAndShellcheckSuitesPass() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path runner = root.resolve("scripts/test/run.sh");
        assertThat(runner).exists();
        boolean bats = new ProcessBuilder("sh", "-c", "command -v bats").start().waitFor() == 0;
        if (!bats) {
            System.out.println("[DeploymentScriptsTest] SKIPPED: bats is not installed (apt-get install -y bats "
                    + "shellcheck; .ci/run does it)");
        }
        Assumptions.assumeTrue(bats, "bats is not installed");
        Path log = Files.createDirectories(Path.of("target")).resolve("deployment-scripts.log");
        Process p = new ProcessBuilder("bash", runner.toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("bats finished within 10 minutes").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
