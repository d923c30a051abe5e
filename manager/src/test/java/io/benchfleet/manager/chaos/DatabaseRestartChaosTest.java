package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (d) PostgreSQL restarts mid-run (the local cluster 15/main, as root): connections of the manager and the workers
 * break; Hikari reconnects, heartbeats and polls retry, and the run completes with one result per partition.
 */
class DatabaseRestartChaosTest extends ChaosScenario {

    static final String PG_CTLCLUSTER = "/usr/bin/pg_ctlcluster";

    @Test
    @Timeout(540)
    void theRunCompletesAcrossAPostgresRestart() throws Exception {
        String skip = !"root".equals(System.getProperty("user.name")) ? "not running as root"
                : !Files.isExecutable(Path.of(PG_CTLCLUSTER)) ? PG_CTLCLUSTER + " not found"
                : !System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL", "127.0.0.1:5432").contains("127.0.0.1:5432")
                        ? "BENCHFLEET_TEST_DB_URL is not the local cluster" : null;
        if (skip != null) {
            System.out.println("CHAOS d-postgres-restart: SKIPPED - " + skip
                    + " (needs root and pg_ctlcluster for the local PostgreSQL 15 cluster)");
        }
        Assumptions.assumeTrue(skip == null, skip);
        try (ChaosCluster cluster = new ChaosCluster("d-postgres-restart")) {
            cluster.startSqs();
            cluster.startWorker("w1", 2, "1500ms", "30s");
            cluster.startWorker("w2", 2, "1500ms", "30s");
            Process manager = startRun(cluster, "chaos-d");
            ChaosCluster.await("some partitions to complete", Duration.ofSeconds(180),
                    () -> completedTrials(cluster) >= 2 && runningTrials(cluster) >= 1);
            long t0 = System.nanoTime();
            restartPostgres();
            System.out.printf("CHAOS d-postgres-restart: PostgreSQL restarted in %d ms with %d partitions "
                    + "completed%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), completedTrials(cluster));

            assertManagerSucceeds(cluster, manager, 1, RUN_LIMIT);
            figures(cluster).assertClean();
            assertThat(cluster.count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'")).isOne();
        }
    }

    static void restartPostgres() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PG_CTLCLUSTER, "--skip-systemctl-redirect", "15", "main", "restart")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("pg_ctlcluster restart: %s", out).isZero();
    }
}
