package io.benchfleet.manager.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * systemd must never kill a draining worker: the unit template's stop timeout is the worker's own grace plus a
 * margin, and both come from one terraform value. Read from the templates and workers.tf as terraform renders them.
 */
class WorkerUnitTemplateTest {

    private static final Path TERRAFORM = Path.of("../terraform").toAbsolutePath().normalize();

    /**
     * The margin covers what the worker does after the grace: its last SQS poll (benchfleet.worker.poll-timeout,
     * 20 s by default, SQS's longest) and the acknowledgement shutdown (5 s, WorkerConsumers) - 25 s - plus Spring's
     * own shutdown.
     */
    private static final int MINIMUM_MARGIN_SECONDS = 60;

    private static String read(String file) throws Exception {
        return Files.readString(TERRAFORM.resolve(file));
    }

    @Test
    void systemdWaitsTheWorkersGracePlusAMarginBeforeItKills() throws Exception {
        Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=\\$\\{grace_seconds \\+ (\\d+)}$")
                .matcher(read("templates/benchfleet-worker.service.tftpl"));

        assertThat(stop.find()).as("TimeoutStopSec is the grace plus a margin").isTrue();
        assertThat(Integer.parseInt(stop.group(1))).isGreaterThanOrEqualTo(MINIMUM_MARGIN_SECONDS);
    }

    @Test
    void theUnitsGraceAndTheWorkersGracePeriodAreTheSameTerraformValue() throws Exception {
        String workers = read("workers.tf");
        String userData = read("templates/worker-user-data.sh.tftpl");

        assertThat(workers).containsPattern("worker_unit = templatefile\\([^)]*benchfleet-worker\\.service\\.tftpl\""
                + ", \\{\\s+grace_seconds\\s+= local\\.worker_grace_seconds");
        assertThat(workers).containsPattern("worker_grace_seconds\\s+= local\\.worker_grace_seconds");
        assertThat(userData).contains("BENCHFLEET_WORKER_GRACEPERIOD=${worker_grace_seconds}s");
    }

    @Test
    void theGraceIsTheLifecycleHooksTimeoutSoTheHookOutlastsTheDrain() throws Exception {
        String workers = read("workers.tf");

        assertThat(workers).containsPattern("worker_grace_seconds = var\\.worker_termination_grace_seconds > 0 \\? "
                + "var\\.worker_termination_grace_seconds : \\d+");
        assertThat(workers).contains("heartbeat_timeout    = initial_lifecycle_hook.value");
        assertThat(workers).containsPattern("protect_from_scale_in\\s+= true");
    }
}
