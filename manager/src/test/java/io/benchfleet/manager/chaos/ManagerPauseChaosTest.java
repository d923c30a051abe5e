package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (h) A manager paused past its lease (SIGSTOP: a long GC, a suspended VM, a network partition) while a second
 * manager takes the run over with {@code restart}, then resumed (SIGCONT): the first finds its epoch fenced and stops
 * without acting - no step execution created, no partition withdrawn or failed for it - and the run completes once.
 */
class ManagerPauseChaosTest extends ChaosScenario {

    @Test
    @Timeout(480)
    void aPausedManagerThatWakesUpAfterATakeoverDoesNotActOnTheRun() {
        try (ChaosCluster cluster = new ChaosCluster("h-manager-pause")) {
            cluster.startSqs();
            cluster.startWorker("w1", 1, "3s", "30s");
            cluster.startWorker("w2", 1, "3s", "30s");
            Process first = startRun(cluster, "chaos-h");
            ChaosCluster.await("some partitions to complete", Duration.ofSeconds(180),
                    () -> completedTrials(cluster) >= 2 && runningTrials(cluster) >= 1);
            long firstExecution = cluster.firstJobExecution();
            ChaosCluster.pause(first);
            System.out.printf("CHAOS h-manager-pause: manager-1 paused (SIGSTOP) with %d completed%n",
                    completedTrials(cluster));
            WorkerKillChaosTest.sleep(Duration.ofMillis(3500));

            Process takeover = cluster.startManager("restart", Long.toString(firstExecution), "--progress-every", "1s");
            ChaosCluster.await("the restart's job execution to run", Duration.ofSeconds(120), () -> cluster.count(
                    "SELECT count(*) FROM batch_job_execution WHERE job_execution_id > ? AND status = 'STARTED'",
                    firstExecution) == 1);
            int stepsOfFirst = stepsOf(cluster, firstExecution);
            String statesOfFirst = statesOf(cluster, firstExecution);
            ChaosCluster.resume(first);
            boolean exited = ChaosCluster.waitFor(first, Duration.ofSeconds(60));
            String out = cluster.managerOutput(1);
            System.out.printf("CHAOS h-manager-pause: manager-1 resumed (SIGCONT) after the takeover, exited: %s%n",
                    exited);

            assertManagerSucceeds(cluster, takeover, 2, RUN_LIMIT);
            assertThat(exited).as("the paused manager stops; output:%n%s", out).isTrue();
            assertThat(out).contains("the run was taken over by job execution");
            assertThat(ChaosCluster.read(cluster.stateDir.resolve("logs/benchfleet.log")))
                    .as("the woken manager says why it stops").contains("fenced: run");
            assertThat(stepsOf(cluster, firstExecution)).as("no step execution created by the woken manager")
                    .isEqualTo(stepsOfFirst);
            assertThat(statesOf(cluster, firstExecution)).as("nothing withdrawn or failed by it")
                    .isEqualTo(statesOfFirst);
            figures(cluster).assertClean();
        }
    }

    private static int stepsOf(ChaosCluster cluster, long jobExecution) {
        return cluster.count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?", jobExecution);
    }

    /** The partitions of an execution by state, e.g. {@code COMPLETED=5, STOPPED=7}. */
    private static String statesOf(ChaosCluster cluster, long jobExecution) {
        return String.join(", ", cluster.db.jdbc().queryForList("SELECT status || '=' || count(*) FROM "
                + "batch_step_execution WHERE job_execution_id = ? AND step_name LIKE 'trial:%' GROUP BY status "
                + "ORDER BY status", String.class, jobExecution));
    }
}
