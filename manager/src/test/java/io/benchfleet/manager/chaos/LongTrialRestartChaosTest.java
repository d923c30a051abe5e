package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (j) The manager killed while trials run that take longer than a restart is willing to wait (the old 15-minute
 * default against a 40-minute trial limit, scaled down: 20-s trials, a 1-s wait). The impatient restart declares
 * nothing lost, re-runs nothing and says the partitions still run; a restart with the default wait - the spec's
 * trial limit - waits for them and completes the run with nothing run twice. One attempt per task (3 partitions on
 * 4 slots): every trial runs at once, so the run is one wave of 20 s, not three.
 */
class LongTrialRestartChaosTest extends ChaosScenario {

    private static final Map<String, String> ONE_ATTEMPT = Map.of("attempts", "1");

    @Test
    @Timeout(480)
    void aRestartNeverDeclaresLostAPartitionWhoseWorkerStillBeats() {
        try (ChaosCluster cluster = new ChaosCluster("j-long-trials")) {
            cluster.startSqs();
            // trials long enough to outlast the lease, the impatient restart's start-up and its wait: with 8-s trials
            // the last running one could end inside the wait (a restart that starts in 4 s, not 10, made it likely)
            cluster.startWorker("w1", 2, "20s", "60s");
            cluster.startWorker("w2", 2, "20s", "60s");
            Process manager = startRun(cluster, ChaosCluster.MANAGER_SETTINGS, "chaos-j", "attempts=1");
            ChaosCluster.await("trials to run", Duration.ofSeconds(180), () -> runningTrials(cluster) >= 3);
            ChaosCluster.kill(manager);
            long first = cluster.firstJobExecution();
            int running = runningTrials(cluster);
            ChaosCluster.pause(Duration.ofMillis(3500));

            Process impatient = cluster.startManager("restart", Long.toString(first), "--wait-running", "1s");
            boolean exited = ChaosCluster.waitFor(impatient, Duration.ofSeconds(90));
            String out = cluster.managerOutput(2);
            System.out.printf("CHAOS j-long-trials: restart with --wait-running 1s while %d trials ran: exit %s%n",
                    running, exited ? Integer.toString(impatient.exitValue()) : "-");
            assertThat(exited).as(out).isTrue();
            assertThat(impatient.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("still running on live workers").contains("nothing was re-run");
            assertThat(cluster.count("SELECT count(*) FROM batch_job_execution")).as("no new job execution").isOne();
            assertThat(cluster.count("SELECT count(*) FROM batch_step_execution WHERE status = 'FAILED' AND "
                    + "step_name LIKE 'trial:%'")).as("nothing declared lost").isZero();

            Process patient = cluster.startManager("restart", Long.toString(first), "--progress-every", "1s");
            assertManagerSucceeds(cluster, patient, 3, RUN_LIMIT);
            figures(cluster, ONE_ATTEMPT).assertClean();
        }
    }
}
