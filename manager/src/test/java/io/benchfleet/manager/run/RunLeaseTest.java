package io.benchfleet.manager.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.benchfleet.manager.it.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The manager lease and its fence against the real PostgreSQL. */
class RunLeaseTest {

    private static TestDatabase db;
    private static RepositoryRows rows;

    @BeforeAll
    static void migrate() {
        db = new TestDatabase();
        rows = new RepositoryRows(db);
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static RunLease lease() {
        return new RunLease(rows.jdbc(), Duration.ofSeconds(30), Duration.ofHours(1));
    }

    @Test
    void eachManagerThatTakesARunRaisesItsEpochAndFencesThePreviousOne() {
        long[] run = rows.run("STARTED");
        try (RunLease first = lease(); RunLease second = lease()) {
            RunFence old = first.take(run[0], run[1]);
            RunFence now = second.take(run[0], run[1]);

            assertThat(old.epoch()).isEqualTo(1);
            assertThat(now.epoch()).isEqualTo(2);
            assertThatCode(() -> second.require(now)).doesNotThrowAnyException();
            assertThatThrownBy(() -> first.require(old)).isInstanceOf(ManagerFencedException.class)
                    .hasMessageContaining("run " + run[0]).hasMessageContaining("taken over")
                    .hasMessageContaining("this manager stops without writing for it");
            assertThat(first.fenced(run[1])).isTrue();
            assertThat(first.fence(run[1])).as("the lost run is no longer beaten for").isEmpty();
        }
    }

    @Test
    void aManagerMayWriteItsRunsOwnRowsOnlyWhileItHoldsTheRunAlsoAfterItsExecutionEnded() {
        long[] run = rows.run("STARTED");
        try (RunLease first = lease(); RunLease second = lease(); RunLease command = lease()) {
            first.take(run[0], run[1]);
            assertThat(first.mayWrite(run[1])).isTrue();
            first.release(run[1]); // its job execution ended; Spring Batch's last status write is still to come

            second.take(run[0], run[1]);

            assertThat(first.mayWrite(run[1])).as("taken over before its last write").isFalse();
            assertThat(first.fenced(run[1])).isTrue();
            assertThat(second.mayWrite(run[1])).isTrue();
            assertThat(command.mayWrite(run[1])).as("a process that never drove the run is not fenced").isTrue();
        }
    }

    @Test
    void aWriteUnderTheFenceChangesNothingOnceTheRunWasTakenOver() {
        long[] run = rows.run("STARTED");
        long queued = rows.partition(run[1], "fix-git__a01", "STARTING");
        try (RunLease first = lease(); RunLease second = lease()) {
            RunFence old = first.take(run[0], run[1]);
            second.take(run[0], run[1]);

            int withdrawn = rows.jdbc().update("UPDATE batch_step_execution SET status = 'STOPPED' WHERE "
                    + "step_execution_id = ? AND " + RunFence.HELD, queued, old.jobInstanceId(), old.epoch());

            assertThat(withdrawn).isZero();
            assertThat(rows.status(queued)).isEqualTo("STARTING");
        }
    }

    @Test
    void aTransactionUnderTheLockOfALostRunIsRefused() {
        long[] run = rows.run("STARTED");
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(
                new DriverManagerDataSource(db.url(), "postgres", "")));
        try (RunLease first = lease(); RunLease second = lease()) {
            RunFence old = first.take(run[0], run[1]);
            RunFence now = second.take(run[0], run[1]);

            assertThatThrownBy(() -> tx.executeWithoutResult(status -> first.lockHeld(old)))
                    .isInstanceOf(ManagerFencedException.class);
            assertThatCode(() -> tx.executeWithoutResult(status -> second.lockHeld(now)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void theHeartbeatStopsForARunAnotherManagerTookOver() {
        long[] run = rows.run("STARTED");
        try (RunLease first = lease(); RunLease second = lease()) {
            first.take(run[0], run[1]);
            second.take(run[0], run[1]);
            rows.jdbc().update("UPDATE run_lease SET heartbeat_at = now() - interval '10 seconds' WHERE "
                    + "job_instance_id = ?", run[0]);

            first.beatAll();

            assertThat(first.fenced(run[1])).isTrue();
            assertThat(second.liveness(run[0]).silentSeconds()).as("the old manager's beat renewed nothing")
                    .isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void aManagerIsGoneOnceItHasNotBeatenForTheLeaseWhateverTheSessionsTimeZone() {
        long[] run = rows.run("STARTED");
        // written in the database's clock, read in the database's clock: a Tokyo session sees what a UTC one sees
        rows.managerLease(run[0], run[1], 1, 31);
        for (String zone : new String[] {"Asia/Tokyo", "UTC", "America/Los_Angeles"}) {
            SingleConnectionDataSource session = new SingleConnectionDataSource(db.url(), "postgres", "", true);
            try (RunLease lease = new RunLease(new JdbcTemplate(session), Duration.ofSeconds(30), Duration.ofHours(1))) {
                new JdbcTemplate(session).execute("SET TIME ZONE '" + zone + "'");
                RunLease.Liveness liveness = lease.liveness(run[0]);

                assertThat(liveness.alive()).as(zone).isFalse();
                assertThat(liveness.silentSeconds()).as(zone).isBetween(31.0, 40.0);
                assertThat(lease.state(run[0], run[1], false).describe()).as(zone).startsWith("gone since ")
                        .contains(" UTC (no heartbeat for 3");
                assertThat(lease.state(run[0], run[1], false).continueWith()).isEqualTo("benchfleet restart "
                        + run[1]);
            } finally {
                session.destroy();
            }
        }
    }

    @Test
    void aRunWhoseManagerIsGoneIsRevokedSoThatManagerCanWriteNothingIfItWakesUp() {
        long[] run = rows.run("STARTED");
        try (RunLease paused = lease(); RunLease recovery = lease()) {
            RunFence fence = paused.take(run[0], run[1]);

            recovery.revoke(run[0]);

            assertThatThrownBy(() -> paused.require(fence)).isInstanceOf(ManagerFencedException.class);
        }
    }
}
