package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (h) A manager paused past its lease (SIGSTOP: a long GC, a suspended VM, a network partition) while a second
 * manager takes the run over with {@code restart}, then resumed (SIGCONT): the first finds its epoch fenced and stops
 * without acting - the bait of an INFRA failure with retries left in its execution is not retried, no step execution
 * is created, nothing is withdrawn or failed and its execution's status stays as the takeover wrote it - and the run
 * completes once.
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
            ChaosCluster.pause(Duration.ofMillis(3500));

            Process takeover = cluster.startManager("restart", Long.toString(firstExecution), "--progress-every", "1s");
            // the takeover runs the rest of the run to its end while the first manager sleeps
            assertManagerSucceeds(cluster, takeover, 2, RUN_LIMIT);
            // Bait: one of the first execution's partitions now reads as an INFRA failure with retries left, which a
            // manager that still believed it held the run would retry on waking (a new step execution, a second trial)
            long bait = cluster.count("SELECT min(step_execution_id) FROM batch_step_execution WHERE "
                    + "job_execution_id = ? AND step_name LIKE 'trial:%'", firstExecution);
            Map<String, Object> asItWas = cluster.db.jdbc().queryForMap("SELECT status, exit_code, exit_message FROM "
                    + "batch_step_execution WHERE step_execution_id = ?", bait);
            cluster.db.jdbc().update("UPDATE batch_step_execution SET status = 'FAILED', exit_code = 'INFRA', "
                    + "exit_message = 'chaos: bait for a woken manager' WHERE step_execution_id = ?", bait);
            int stepsOfFirst = stepsOf(cluster, firstExecution);
            String statesOfFirst = statesOf(cluster, firstExecution);
            String jobOfFirst = jobOf(cluster, firstExecution);
            ChaosCluster.resume(first);
            boolean exited = ChaosCluster.waitFor(first, Duration.ofSeconds(60));
            String out = cluster.managerOutput(1);
            System.out.printf("CHAOS h-manager-pause: manager-1 resumed (SIGCONT) after the takeover, exited: %s%n",
                    exited);

            assertThat(exited).as("the paused manager stops; output:%n%s", out).isTrue();
            assertThat(out).contains("the run was taken over by job execution");
            assertThat(ChaosCluster.read(cluster.stateDir.resolve("logs/benchfleet.log")))
                    .as("the woken manager says why it stops").contains("fenced: run");
            assertThat(stepsOf(cluster, firstExecution)).as("no step execution created by the woken manager")
                    .isEqualTo(stepsOfFirst);
            assertThat(statesOf(cluster, firstExecution)).as("nothing retried, withdrawn or failed by it")
                    .isEqualTo(statesOfFirst);
            assertThat(jobOf(cluster, firstExecution)).as("the first execution's status left as the takeover wrote it")
                    .isEqualTo(jobOfFirst);
            cluster.db.jdbc().update("UPDATE batch_step_execution SET status = ?, exit_code = ?, exit_message = ? "
                    + "WHERE step_execution_id = ?", asItWas.get("status"), asItWas.get("exit_code"),
                    asItWas.get("exit_message"), bait); // the bait taken away, the run's figures are its own
            figures(cluster).assertClean();
        }
    }

    private static int stepsOf(ChaosCluster cluster, long jobExecution) {
        return cluster.count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = ?", jobExecution);
    }

    private static String jobOf(ChaosCluster cluster, long jobExecution) {
        return cluster.db.jdbc().queryForObject("SELECT status || '/' || exit_code FROM batch_job_execution "
                + "WHERE job_execution_id = ?", String.class, jobExecution);
    }

    /** The partitions of an execution by state, e.g. {@code COMPLETED=5, STOPPED=7}. */
    private static String statesOf(ChaosCluster cluster, long jobExecution) {
        return String.join(", ", cluster.db.jdbc().queryForList("SELECT status || '=' || count(*) FROM "
                + "batch_step_execution WHERE job_execution_id = ? AND step_name LIKE 'trial:%' GROUP BY status "
                + "ORDER BY status", String.class, jobExecution));
    }
}
