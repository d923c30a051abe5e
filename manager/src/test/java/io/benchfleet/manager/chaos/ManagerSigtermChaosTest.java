package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (g) SIGTERM of {@code benchfleet run} mid-way (a closed terminal, a CI timeout): the run is STOPPED within
 * seconds - queued partitions withdrawn, running trials left to finish on their workers - instead of looking alive
 * for ever; {@code status} shows it, and {@code restart} completes it with nothing lost and nothing run twice.
 */
class ManagerSigtermChaosTest extends ChaosScenario {

    @Test
    @Timeout(480)
    void aRunStoppedWithSigtermEndsStoppedWithinSecondsAndRestartCompletesIt() {
        try (ChaosCluster cluster = new ChaosCluster("g-run-sigterm")) {
            cluster.startSqs();
            cluster.startWorker("w1", 1, "2s", "30s");
            cluster.startWorker("w2", 1, "2s", "30s");
            Process manager = startRun(cluster, "chaos-g");
            ChaosCluster.await("a partition to complete while others run and wait", Duration.ofSeconds(180),
                    () -> completedTrials(cluster) >= 1 && runningTrials(cluster) >= 1);
            long first = cluster.firstJobExecution();
            long signalled = System.currentTimeMillis();
            ChaosCluster.terminate(manager);

            ChaosCluster.await("the run to be STOPPED", Duration.ofSeconds(20), () -> cluster.count("SELECT count(*) "
                    + "FROM batch_job_execution WHERE job_execution_id = ? AND status = 'STOPPED'", first) == 1);
            long took = System.currentTimeMillis() - signalled;
            boolean exited = ChaosCluster.waitFor(manager, Duration.ofSeconds(30));
            String out = cluster.managerOutput(1);
            System.out.printf("CHAOS g-run-sigterm: run STOPPED %d ms after SIGTERM; manager exited: %s%n", took,
                    exited);
            assertThat(took).as("STOPPED within seconds").isLessThan(15_000);
            assertThat(exited).as("the manager exits; output:%n%s", out).isTrue();
            assertThat(out).contains("stopped on a signal: job execution " + first + " stops")
                    .contains("'benchfleet restart " + first + "'");

            Process status = cluster.startManager("status", Long.toString(first));
            ChaosCluster.waitFor(status, Duration.ofSeconds(60));
            assertThat(cluster.managerOutput(2)).contains("Status      STOPPED");

            Process restart = cluster.startManager("restart", Long.toString(first), "--progress-every", "1s");
            assertManagerSucceeds(cluster, restart, 3, RUN_LIMIT);
            figures(cluster).assertClean();
        }
    }
}
