package io.benchfleet.manager.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.RepositoryRows;
import io.benchfleet.manager.run.RunLease;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Settling what a dead manager's run left, against the real PostgreSQL: leases read in the database's clock. */
class RunRecoveryTest {

    private static final Duration WORKER_LEASE = Duration.ofSeconds(90);

    private static TestDatabase db;
    private static RepositoryRows rows;
    private static RunLease lease;

    @BeforeAll
    static void migrate() {
        db = new TestDatabase();
        rows = new RepositoryRows(db);
        lease = new RunLease(rows.jdbc(), Duration.ofSeconds(30), Duration.ofHours(1));
    }

    @AfterAll
    static void drop() {
        lease.close();
        db.close();
    }

    private static RunRecovery.Settlement settle(long execution, Duration wait) throws InterruptedException {
        return new RunRecovery(rows.jdbc(), lease, WORKER_LEASE).settle(execution, "test", wait,
                new PrintWriter(new StringWriter()));
    }

    @Test
    void aRunWhoseManagerStillBeatsIsRefused() {
        long[] run = rows.run("STARTED");
        rows.managerLease(run[0], run[1], 1, 5);

        assertThatThrownBy(() -> settle(run[1], Duration.ZERO)).isInstanceOf(RunRecovery.RunStillActiveException.class)
                .hasMessageContaining("stop it first with 'benchfleet stop " + run[1] + "'");
    }

    @Test
    void aDeadManagersRunIsFailedItsQueuedPartitionsWithdrawnAndItsDeadWorkersPartitionsLost() throws Exception {
        long[] run = rows.run("STARTED");
        rows.managerLease(run[0], run[1], 1, 31);
        long queued = rows.partition(run[1], "a__a01", "STARTING");
        long deadWorker = rows.partition(run[1], "b__a01", "STARTED");
        rows.workerLease(deadWorker, "w1/c0", 91);

        RunRecovery.Settlement settled = settle(run[1], Duration.ZERO);

        assertThat(settled).isEqualTo(new RunRecovery.Settlement(true, 1, 0));
        assertThat(rows.jdbc().queryForObject("SELECT status FROM batch_job_execution WHERE job_execution_id = ?",
                String.class, run[1])).isEqualTo("FAILED");
        assertThat(rows.status(queued)).isEqualTo("STOPPED");
        assertThat(rows.status(deadWorker)).isEqualTo("FAILED");
        assertThat(rows.jdbc().queryForObject("SELECT exit_message FROM batch_step_execution WHERE "
                + "step_execution_id = ?", String.class, deadWorker)).startsWith("trial:b__a01: WORKER_LOST: no "
                + "heartbeat since ").endsWith(" UTC; restart re-runs it");
    }

    @Test
    void aPartitionWhoseWorkerStillBeatsIsNeverDeclaredLostEvenWhenTheWaitIsOver() throws Exception {
        long[] run = rows.run("STARTED");
        rows.managerLease(run[0], run[1], 1, 31);
        long live = rows.partition(run[1], "c__a01", "STARTED");
        rows.workerLease(live, "w2/c0", 10);

        RunRecovery.Settlement settled = settle(run[1], Duration.ZERO);

        assertThat(settled.stillRunning()).isOne();
        assertThat(rows.status(live)).isEqualTo("STARTED");
    }

    @Test
    void aLiveWorkersLeaseIsJudgedInTheDatabasesClockWhateverTheWorkersTimeZone() throws Exception {
        // Spring Batch's own last_updated is written in each JVM's local time: 14 hours "old" for a worker at UTC+14
        // read from UTC. The lease is not: a heartbeat 10 s ago is 10 s ago.
        long[] run = rows.run("STARTED");
        rows.managerLease(run[0], run[1], 1, 31);
        long live = rows.partition(run[1], "d__a01", "STARTED");
        rows.jdbc().update("UPDATE batch_step_execution SET last_updated = now() AT TIME ZONE 'UTC' - interval "
                + "'14 hours' WHERE step_execution_id = ?", live);
        rows.workerLease(live, "w3/c0", 10);

        assertThat(settle(run[1], Duration.ZERO).stillRunning()).isOne();
        assertThat(rows.status(live)).isEqualTo("STARTED");
    }
}
