package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (f) SIGTERM of a worker mid-trial: it stops taking messages, its running trials finish (on it, within the grace
 * period) and are recorded, the process exits, and the other worker runs the rest; nothing is lost.
 */
class GracefulStopChaosTest extends ChaosScenario {

    static final Duration GRACE = Duration.ofSeconds(20);

    @Test
    @Timeout(480)
    void aWorkerStoppedWithSigtermFinishesItsRunningTrialsAndTakesNoMore() {
        try (ChaosCluster cluster = new ChaosCluster("f-sigterm")) {
            cluster.startSqs();
            Process w1 = cluster.startWorker("w1", 2, "5s", GRACE.toSeconds() + "s");
            cluster.startWorker("w2", 2, "5s", GRACE.toSeconds() + "s");
            Process manager = startRun(cluster, "chaos-f");
            ChaosCluster.await("w1 to be mid-trial", Duration.ofSeconds(180),
                    () -> resultsOf(cluster, "w1") >= 1 && runningOn(cluster, "w1").size() >= 1);
            Set<String> runningAtStop = runningOn(cluster, "w1");
            long stoppedAt = System.currentTimeMillis();
            ChaosCluster.terminate(w1);
            boolean exited = ChaosCluster.waitFor(w1, GRACE.plusSeconds(15));
            long took = System.currentTimeMillis() - stoppedAt;
            System.out.printf("CHAOS f-sigterm: w1 got SIGTERM running %s and exited in %d ms (exit code %s)%n",
                    runningAtStop, took, exited ? Integer.toString(w1.exitValue()) : "-");
            assertThat(exited).as("w1 exits within the grace period; log:%n%s", cluster.output("w1")).isTrue();
            assertThat(runningOn(cluster, "w1")).as("w1's running trials finished before it exited").isEmpty();

            assertManagerSucceeds(cluster, manager, 1, RUN_LIMIT);
            figures(cluster).assertClean();
            for (String key : runningAtStop) {
                assertThat(cluster.count("SELECT count(*) FROM trial_result r JOIN batch_step_execution s ON "
                        + "s.step_execution_id = r.step_execution_id WHERE r.partition_key = ? AND r.host LIKE 'w1%' "
                        + "AND s.status = 'COMPLETED'", key)).as("%s finished on w1 after SIGTERM", key).isOne();
            }
            String w1Log = cluster.output("w1");
            Matcher stopping = Pattern.compile("stopping: taking no more partitions; \\d+ running \\[([^]]*)]")
                    .matcher(w1Log);
            assertThat(stopping.find()).as("w1 logged its stop with the trials it was running:%n%s", w1Log).isTrue();
            // a list, not Set.of: a duplicated delivery of one partition may be admitted twice
            List<String> admittedBeforeStop = List.of(stopping.group(1).split(",\\s*"));
            Matcher startedAfter = Pattern.compile("Executing step: \\[trial:([^]]+)]").matcher(w1Log);
            startedAfter.region(stopping.end(), w1Log.length());
            while (startedAfter.find()) {
                assertThat(admittedBeforeStop).as("w1 took nothing after SIGTERM (a trial it starts after the stop "
                        + "line was admitted before it)").contains(startedAfter.group(1));
            }
            assertThat(cluster.count("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'trial:%' AND "
                    + "status <> 'COMPLETED'")).as("no failed or interrupted attempt").isZero();
        }
    }
}
