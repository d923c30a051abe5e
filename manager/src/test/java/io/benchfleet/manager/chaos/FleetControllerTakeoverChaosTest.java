package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fleet (c): the manager of a run, holding the fleet controller's lease of a simulated Auto Scaling group, killed
 * (kill -9) mid-run while {@code serve} runs too: the lease moves to serve within the controller lease, the run is
 * restarted and completes with every partition once, and the group reaches zero after the idle timeout.
 */
class FleetControllerTakeoverChaosTest extends ChaosScenario {

    @Test
    @Timeout(300)
    void theControllerMovesToServeWithinTheLeaseWhenTheManagerIsKilledAndTheGroupReachesZeroAfterTheRestart()
            throws Exception {
        try (ChaosCluster cluster = new ChaosCluster("fleet-c-takeover")) {
            cluster.startSqs();
            try (SimulatedAutoScalingGroup group = SimulatedAutoScalingGroup.start(cluster, 2, 2, "3s", null)) {
                Process manager = startRun(cluster, group.managerEnv(), "takeover", "attempts=4");
                ChaosCluster.await("the run's manager to control the group", Duration.ofSeconds(60),
                        () -> controllerOwner(cluster).startsWith(manager.pid() + "@"));
                Process serve = cluster.startManager(group.managerEnv(), "serve", "--port", "0");
                ChaosCluster.await("serve to stand by", Duration.ofSeconds(90),
                        () -> cluster.managerOutput(2).contains("fleet    "));
                ChaosCluster.await("some partitions to complete", Duration.ofSeconds(180),
                        () -> completedTrials(cluster) >= 2 && runningTrials(cluster) >= 1);
                ChaosCluster.kill(manager);
                long killed = System.currentTimeMillis();
                ChaosCluster.await("serve to take the group over", Duration.ofSeconds(30),
                        () -> controllerOwner(cluster).startsWith(serve.pid() + "@"));
                long movedMillis = System.currentTimeMillis() - killed;
                System.out.printf("CHAOS fleet-c-takeover: manager killed with %d completed, %d running; serve "
                        + "controls the group %d ms later (lease %d ms); desired %d%n", completedTrials(cluster),
                        runningTrials(cluster), movedMillis, SimulatedAutoScalingGroup.CONTROL_LEASE.toMillis(),
                        group.desired());
                // the lease, then serve's next look (one interval), plus a second for this test's polling
                assertThat(movedMillis).as("takeover time").isLessThanOrEqualTo(
                        SimulatedAutoScalingGroup.CONTROL_LEASE.plus(SimulatedAutoScalingGroup.CONTROL_INTERVAL)
                                .plusSeconds(1).toMillis());

                ChaosCluster.pause(ChaosCluster.LEASE.plusMillis(500));
                long first = cluster.firstJobExecution();
                Process restart = cluster.startManager(group.managerEnv(), "restart", Long.toString(first),
                        "--wait-running", "60s", "--progress-every", "1s");
                assertManagerSucceeds(cluster, restart, 3, RUN_LIMIT);
                figures(cluster).assertClean();
                long ended = endedMillis(cluster, cluster.count("SELECT max(job_execution_id) FROM "
                        + "batch_job_execution"));
                long zeroAt = group.awaitZero(SimulatedAutoScalingGroup.IDLE_TIMEOUT.plusSeconds(20));
                System.out.printf("CHAOS fleet-c-takeover: restart done; the group at zero %.1f s after it ended "
                        + "(idle timeout %d s), controlled by serve throughout: %s; terminations %s%n",
                        (zeroAt - ended) / 1000.0, SimulatedAutoScalingGroup.IDLE_TIMEOUT.toSeconds(),
                        controllerOwner(cluster).startsWith(serve.pid() + "@"), group.terminations);
                assertThat(controllerOwner(cluster)).startsWith(serve.pid() + "@");
                assertThat(group.terminations).as("no host terminated with a trial on it")
                        .noneMatch(SimulatedAutoScalingGroup.Termination::busy);
            }
        }
    }

    private static String controllerOwner(ChaosCluster cluster) {
        List<String> owner = cluster.db.jdbc().queryForList("SELECT owner FROM fleet_controller WHERE "
                + "worker_group = ?", String.class, SimulatedAutoScalingGroup.NAME);
        return owner.isEmpty() ? "" : owner.get(0);
    }
}
