package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (a) kill -9 of a worker JVM mid-trial: its partitions stay STARTED with a heartbeat that stops; once the lease has
 * passed another worker claims them (from STARTED with a stale heartbeat) and runs them; the run completes with one
 * result per partition.
 */
class WorkerKillChaosTest extends ChaosScenario {

    @Test
    @Timeout(480)
    void aWorkerKilledMidTrialHasItsPartitionsTakenOverAfterTheLease() {
        try (ChaosCluster cluster = new ChaosCluster("a-worker-kill")) {
            cluster.startSqs();
            Process w1 = cluster.startWorker("w1", 2, "4s", "30s");
            cluster.startWorker("w2", 2, "4s", "30s");
            Process manager = startRun(cluster, "chaos-a");
            ChaosCluster.await("w1 to be mid-trial", Duration.ofSeconds(180),
                    () -> resultsOf(cluster, "w1") >= 1 && runningOn(cluster, "w1").size() >= 1);
            ChaosCluster.kill(w1);
            long killedAt = System.currentTimeMillis();
            Set<String> orphans = runningOn(cluster, "w1");
            System.out.printf("CHAOS a-worker-kill: w1 killed (kill -9) with %d partitions running: %s%n",
                    orphans.size(), orphans);

            assertManagerSucceeds(cluster, manager, 1, RUN_LIMIT);
            figures(cluster).assertClean();
            assertThat(orphans).as("w1 was mid-trial when killed").isNotEmpty();
            for (String orphan : orphans) {
                // a trial whose result w1 committed just before the kill (its step's final update not yet written)
                // is finished by w2 from that result, without a second trial; every other one is run again by w2
                boolean recordedByW1 = cluster.count("SELECT count(*) FROM trial_result WHERE partition_key = ? "
                        + "AND host LIKE 'w1%'", orphan) == 1;
                assertThat(cluster.count("SELECT count(*) FROM trial_result WHERE partition_key = ? AND host "
                        + "LIKE ?", orphan, recordedByW1 ? "w1%" : "w2%"))
                        .as("%s %s", orphan, recordedByW1 ? "kept w1's result" : "taken over by w2").isOne();
            }
            assertThat(cluster.count("SELECT count(*) FROM trial_result WHERE host LIKE 'w1%' AND finished_at > "
                    + "to_timestamp(? / 1000.0)", killedAt)).as("nothing recorded by the dead worker").isZero();
        }
    }
}
