package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.benchfleet.manager.it.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (i) Workers and manager in other time zones than the database (UTC) and than each other: the manager in Los
 * Angeles (UTC-8), the worker killed mid-trial in Honolulu (UTC-10), the one that takes over in Kiritimati (UTC+14).
 * Leases are read in the database's clock, so the dead worker's partitions are taken over after one lease - not 24
 * hours early (a live worker's heartbeat misread as old: partitions run twice) nor hours late (a dead one's misread
 * as fresh) - and the run completes with one result each.
 */
class TimeZonesChaosTest extends ChaosScenario {

    private static Map<String, String> zone(String zone) {
        return Map.of("JAVA_TOOL_OPTIONS", "-Duser.timezone=" + zone);
    }

    @Test
    @Timeout(480)
    void aWorkerKilledInAnotherTimeZoneIsTakenOverAfterOneLease() {
        try (ChaosCluster cluster = new ChaosCluster("i-time-zones")) {
            cluster.startSqs();
            Process w1 = cluster.startWorker("w1", 2, "3s", "30s", zone("Pacific/Honolulu"));
            cluster.startWorker("w2", 2, "3s", "30s", zone("Pacific/Kiritimati"));
            Map<String, String> manager = new HashMap<>(LoopbackCluster.MANAGER_SETTINGS);
            manager.putAll(zone("America/Los_Angeles"));
            Process run = cluster.startManager(manager, "run", "--spec", ChaosFigures.SPEC.toAbsolutePath()
                    .normalize().toString(), "--param", "runId=chaos-i", "--param", "attempts=4", "--param",
                    "rehearsal=true", "--progress-every", "1s");
            ChaosCluster.await("w1 to be mid-trial", Duration.ofSeconds(180),
                    () -> resultsOf(cluster, "w1") >= 1 && runningOn(cluster, "w1").size() >= 1);
            Set<String> orphans = runningOn(cluster, "w1");
            ChaosCluster.kill(w1);
            long killedAt = cluster.count("SELECT CAST(EXTRACT(EPOCH FROM now()) AS INTEGER)");

            assertManagerSucceeds(cluster, run, 1, RUN_LIMIT);
            figures(cluster).assertClean();
            for (String orphan : orphans) {
                int takenAfter = cluster.count("SELECT CAST(EXTRACT(EPOCH FROM l.claimed_at) AS INTEGER) - ? FROM "
                        + "step_lease l JOIN batch_step_execution s USING (step_execution_id) WHERE s.step_name = ? "
                        + "AND l.owner LIKE 'w2%' AND s.status = 'COMPLETED'", killedAt, "trial:" + orphan);
                System.out.printf("CHAOS i-time-zones: %s taken over by w2 %d s after w1 was killed%n", orphan,
                        takenAfter);
                assertThat(takenAfter).as("%s taken over after one lease (%s), not hours later", orphan,
                        ChaosCluster.LEASE).isBetween((int) ChaosCluster.LEASE.toSeconds() - 1, 60);
            }
        }
    }
}
