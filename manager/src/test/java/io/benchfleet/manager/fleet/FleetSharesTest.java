package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.RepositoryRows;
import io.benchfleet.manager.run.RunPriority;
import io.benchfleet.worker.host.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run's share of its group's registered slots, read from the real PostgreSQL (migrated schema: run leases,
 * partitions, run_fleet, the worker registry). Shares worked out by hand in each test.
 */
class FleetSharesTest {

    private TestDatabase db;
    private RepositoryRows rows;
    private JdbcTemplate jdbc;
    private FleetShares shares;

    @BeforeEach
    void schema() {
        db = new TestDatabase();
        rows = new RepositoryRows(db);
        jdbc = rows.jdbc();
        shares = new FleetShares(new FleetDemand(jdbc, Duration.ofSeconds(30)), new WorkerHosts(jdbc,
                Duration.ofSeconds(90)), "g", 4);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** An active run of {@code queued} STARTING partitions at {@code priority}; returns its job execution id. */
    private long activeRun(int queued, RunPriority priority) {
        long[] run = rows.run("STARTED");
        rows.managerLease(run[0], run[1], 1, 0);
        for (int i = 0; i < queued; i++) {
            rows.partition(run[1], "q" + run[1] + "-" + i, "STARTING");
        }
        jdbc.update("INSERT INTO run_fleet (job_execution_id, max_hosts, priority) VALUES (?, 100, ?)", run[1],
                priority.rank());
        return run[1];
    }

    private void register(String host, int slots, String draining) {
        WorkerRegistry registry = new WorkerRegistry(jdbc);
        registry.register(new WorkerRegistry.Registration(host, "g", null, slots, "simulated", "dev"));
        registry.beat(host, slots, 0, draining);
    }

    @Test
    void aHighRunTakesWhatItCanUseAndTheLowOneTheRest() {
        long low = activeRun(100, RunPriority.LOW);
        long high = activeRun(5, RunPriority.HIGH);
        register("h1", 4, null);
        register("h2", 4, null);

        // 8 slots: high uses its 5, low gets 8 - 5 = 3
        assertThat(shares.of(high, -1)).hasValue(5);
        assertThat(shares.of(low, -1)).hasValue(3);
        assertThat(shares.share(low, -1).describe()).isEqualTo("3 of 8 slots (priority low, 2 active runs)");
    }

    @Test
    void runsOfEqualPrioritySplitTheSlotsSoALargeRunDoesNotStarveALaterSmallOne() {
        long large = activeRun(60, RunPriority.NORMAL);
        long small = activeRun(15, RunPriority.NORMAL);
        register("h1", 4, null);
        register("h2", 4, null);
        register("h3", 4, null);

        // 12 slots, both need more than an even 6: 6 each, though the large run came first with 60 queued
        assertThat(shares.of(large, -1)).hasValue(6);
        assertThat(shares.of(small, -1)).hasValue(6);
    }

    @Test
    void theAskingRunCountsWhatItStillHasToRunNotWhatTheRepositoryShowsYet() {
        long first = activeRun(100, RunPriority.NORMAL);
        long creating = activeRun(0, RunPriority.NORMAL);
        register("h1", 4, null);
        register("h2", 4, null);

        // as recorded the second run needs nothing, so the first may use all 8; the second knows it has 50 left
        assertThat(shares.of(first, -1)).hasValue(8);
        assertThat(shares.of(creating, 50)).hasValue(4);
    }

    @Test
    void drainingHostsOfferNoSlotsAndNoHostMeansNoShareYet() {
        long run = activeRun(10, RunPriority.NORMAL);

        assertThat(shares.of(run, -1)).isEmpty();
        register("h1", 4, "disk");
        assertThat(shares.of(run, -1)).as("a draining host takes nothing").isEmpty();
        register("h2", 2, null);
        assertThat(shares.of(run, -1)).hasValue(2);
    }

    @Test
    void aRunThatIsNotActiveHasNoShare() {
        register("h1", 4, null);
        long[] done = rows.run("COMPLETED");

        assertThat(shares.share(done[1], -1).describe()).isEqualTo("- (not an active run)");
    }
}
