package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.benchfleet.manager.it.CliRun;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (c) kill -9 of the manager mid-run while the workers keep running, then {@code benchfleet restart}: the dead
 * manager is detected by its stale heartbeat (status, status --json and list --json say it is gone and how to continue
 * the run, before anyone restarts it), queued partitions are withdrawn, running ones finish on their workers
 * with one result, and the new execution re-runs only what did not complete.
 */
class ManagerKillChaosTest extends ChaosScenario {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @Timeout(540)
    void aKilledManagerIsRestartedWithoutRerunningCompletedPartitionsOrDuplicatingRunningOnes() {
        try (ChaosCluster cluster = new ChaosCluster("c-manager-kill")) {
            cluster.startSqs();
            // one slot each and 5 s trials: partitions are still queued when the restart comes
            cluster.startWorker("w1", 1, "5s", "30s");
            cluster.startWorker("w2", 1, "5s", "30s");
            Process manager = startRun(cluster, "chaos-c");
            ChaosCluster.await("some partitions to complete", Duration.ofSeconds(180),
                    () -> completedTrials(cluster) >= 2 && runningTrials(cluster) >= 1);
            ChaosCluster.kill(manager);
            long first = cluster.firstJobExecution();
            int completedAtKill = completedTrials(cluster);
            int runningAtKill = runningTrials(cluster);
            System.out.printf("CHAOS c-manager-kill: manager killed (kill -9) with %d completed, %d running%n",
                    completedAtKill, runningAtKill);
            // the manager lease is 3 s: before that, restart refuses ("stop it first")
            ChaosCluster.pause(Duration.ofMillis(3500));
            assertEveryViewSaysTheManagerIsGone(cluster, first);

            Process restart = cluster.startManager("restart", Long.toString(first), "--wait-running", "60s",
                    "--progress-every", "1s");
            assertManagerSucceeds(cluster, restart, 2, RUN_LIMIT);
            assertThat(cluster.managerOutput(2)).contains("manager is gone").contains("restart of " + first);
            figures(cluster).assertClean();
            long second = cluster.count("SELECT max(job_execution_id) FROM batch_job_execution");
            assertThat(second).isNotEqualTo(first);
            assertThat(cluster.count("SELECT count(*) FROM batch_step_execution s2 WHERE s2.job_execution_id = ? "
                    + "AND s2.step_name LIKE 'trial:%' AND EXISTS (SELECT 1 FROM batch_step_execution s1 WHERE "
                    + "s1.job_execution_id = ? AND s1.step_name = s2.step_name AND s1.status = 'COMPLETED')",
                    second, first)).as("no completed partition ran again").isZero();
            int rerun = cluster.count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ? AND "
                    + "step_name LIKE 'trial:%'", second);
            System.out.printf("CHAOS c-manager-kill: restart (job execution %d) re-ran %d partitions%n", second,
                    rerun);
            assertThat(rerun).isLessThanOrEqualTo(PLANNED.size() - completedAtKill);
        }
    }

    /** status, status --json and list --json of the killed run, as a user would type them while it lies dead. */
    private static void assertEveryViewSaysTheManagerIsGone(ChaosCluster cluster, long run) {
        Map<String, String> env = cluster.baseEnv();
        // the cluster's 3-s manager lease, as the manager processes have it from their environment
        Map<String, Object> lease = Map.of("benchfleet.manager.manager-lease", ChaosCluster.LEASE.toMillis() + "ms");
        String stateDir = cluster.stateDir.toString();
        CliRun status = CliRun.execute(env, lease, "--state-dir", stateDir, "status", Long.toString(run));
        assertThat(status.out()).as("status; stderr: %s", status.err()).contains("Manager     gone since ")
                .contains("continue it with 'benchfleet restart " + run + "'").doesNotContain("ETA");
        JsonNode statusJson = JSON.readTree(CliRun.execute(env, lease, "--state-dir", stateDir, "status",
                Long.toString(run), "--json").out());
        assertThat(statusJson.at("/manager/alive").asBoolean(true)).as("status --json: %s", statusJson).isFalse();
        assertThat(statusJson.at("/manager/continueWith").asText()).isEqualTo("benchfleet restart " + run);
        JsonNode listJson = JSON.readTree(CliRun.execute(env, lease, "--state-dir", stateDir, "list", "--json")
                .out());
        assertThat(listJson.findValues("manager")).as("list --json: %s", listJson).singleElement()
                .satisfies(m -> assertThat(m.path("alive").asBoolean(true)).isFalse());
        System.out.printf("CHAOS c-manager-kill: status, status --json and list --json say the manager is gone%n");
    }
}
