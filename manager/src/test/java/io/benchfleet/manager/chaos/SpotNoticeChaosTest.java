package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.benchfleet.worker.host.InstanceMetadata;
import io.benchfleet.worker.host.MetadataStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (d) a spot interruption notice mid-trial, read over IMDSv2 from a loopback stand-in of the metadata service: the
 * spot worker drains within the notice's time (less the margin), its running trials are interrupted and taken over
 * by the other worker, and every partition ends with exactly one result (0 lost, 0 completed twice).
 */
class SpotNoticeChaosTest extends ChaosScenario {

    @Test
    @Timeout(420)
    void aSpotNoticeMidTrialDrainsTheHostAndItsTrialsAreTakenOverWithoutDuplicates() throws Exception {
        try (ChaosCluster cluster = new ChaosCluster("d-spot-notice");
             MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.INSTANCE_ID, "i-w1")
                     .set(InstanceMetadata.LIFE_CYCLE, "spot")) {
            cluster.startSqs();
            cluster.startWorker("w1", 2, "5s", "60s", Map.of("BENCHFLEET_WORKER_FLEET_INSTANCE_METADATA", "true",
                    "BENCHFLEET_WORKER_FLEET_METADATA_URL", imds.url().toString(),
                    "BENCHFLEET_WORKER_FLEET_NOTICE_INTERVAL", "300ms", "BENCHFLEET_WORKER_FLEET_SPOT_MARGIN", "1s"));
            cluster.startWorker("w2", 2, "5s", "60s");
            Process manager = startRun(cluster, "chaos-d");
            ChaosCluster.await("w1 to be mid-trial", Duration.ofSeconds(180),
                    () -> runningOn(cluster, "w1").size() >= 1);
            Set<String> runningAtNotice = runningOn(cluster, "w1");
            long noticeAt = System.currentTimeMillis();
            // the interruption 3 s from now: w1 has 3 - 1 (margin) = 2 s, less than its ~5 s trials need
            imds.set(InstanceMetadata.SPOT_ACTION, "{\"action\": \"terminate\", \"time\": \""
                    + Instant.now().plusSeconds(3).toString().replaceAll("\\.\\d+", "") + "\"}");
            ChaosCluster.await("w1 to drain", Duration.ofSeconds(30), () -> runningOn(cluster, "w1").isEmpty()
                    && cluster.output("w1").contains("draining: taking no more partitions"));
            long drained = System.currentTimeMillis() - noticeAt;
            System.out.printf("CHAOS d-spot-notice: notice with %s running on w1; drained in %d ms%n",
                    runningAtNotice, drained);
            assertThat(imds.requests).as("every metadata read carried an IMDSv2 token")
                    .noneMatch(r -> r.endsWith(" 401") && !r.startsWith("PUT"));
            assertThat(cluster.count("SELECT count(*) FROM worker_host WHERE host_id = 'w1' AND state = 'draining' "
                    + "AND reason = 'spot interruption notice'")).isOne();

            assertManagerSucceeds(cluster, manager, 1, RUN_LIMIT);
            figures(cluster).assertClean();
            int takenOver = cluster.count("SELECT count(DISTINCT r.partition_key) FROM trial_result r JOIN "
                    + "batch_step_execution s ON s.step_execution_id = r.step_execution_id WHERE r.host LIKE 'w2%' "
                    + "AND s.status = 'COMPLETED' AND r.partition_key = ANY (?)",
                    (Object) runningAtNotice.toArray(String[]::new));
            System.out.printf("CHAOS d-spot-notice: %d of the %d interrupted trials completed on w2%n", takenOver,
                    runningAtNotice.size());
        }
    }
}
