package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.RepositoryRows;
import io.benchfleet.worker.host.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The fleet controller against the real PostgreSQL (migrated schema: run leases, partitions, the worker registry
 * and the controller's lease) and a recording fleet; each look is called by hand. Sizes worked out in each test.
 */
class FleetControllerTest {

    private static final FleetControlProperties CONTROL = new FleetControlProperties("g", Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofMinutes(10), 4, Duration.ofSeconds(90), true);

    private TestDatabase db;
    private RepositoryRows rows;
    private JdbcTemplate jdbc;
    private WorkerRegistry registry;
    private final RecordingFleet fleet = new RecordingFleet(100);
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    @BeforeEach
    void schema() {
        db = new TestDatabase();
        rows = new RepositoryRows(db);
        jdbc = rows.jdbc();
        registry = new WorkerRegistry(jdbc);
        scheduler.initialize();
    }

    @AfterEach
    void drop() {
        scheduler.shutdown();
        db.close();
    }

    private FleetController controller(String owner) {
        return new FleetController(() -> fleet, new FleetControllerLease(jdbc, "g", CONTROL.lease(), owner),
                new FleetDemand(jdbc, Duration.ofSeconds(30)), new WorkerHosts(jdbc, CONTROL.hostLease()), "g",
                CONTROL, FleetProperties.defaults(), scheduler);
    }

    /** An active run (its manager beat just now) with {@code queued} STARTING and {@code running} STARTED partitions. */
    private long[] activeRun(int queued, int running) {
        long[] run = rows.run("STARTED");
        rows.managerLease(run[0], run[1], 1, 0);
        for (int i = 0; i < queued; i++) {
            rows.partition(run[1], "q" + run[1] + "-" + i, "STARTING");
        }
        for (int i = 0; i < running; i++) {
            rows.partition(run[1], "r" + run[1] + "-" + i, "STARTED");
        }
        return run;
    }

    /** A host whose {@code busy} slots each hold the live claim of a STARTED partition not claimed yet. */
    private void register(String instance, int slots, int busy) {
        registry.register(new WorkerRegistry.Registration("host-" + instance, "g", instance, slots, "simulated",
                "dev"));
        registry.beat("host-" + instance, slots, busy, null);
        for (int i = 0; i < busy; i++) {
            int claimed = jdbc.update("""
                    INSERT INTO step_lease (step_execution_id, owner, token, claimed_at, heartbeat_at)
                    SELECT step_execution_id, ?, gen_random_uuid(), now(), now() FROM batch_step_execution
                     WHERE status = 'STARTED' AND step_execution_id NOT IN (SELECT step_execution_id FROM step_lease)
                     ORDER BY step_execution_id LIMIT 1""", "host-" + instance + "/c" + i);
            assertThat(claimed).as("a STARTED partition for a busy slot of " + instance).isEqualTo(1);
        }
    }

    private void ageControllerLease(Duration age) {
        jdbc.update("UPDATE fleet_controller SET heartbeat_at = now() - make_interval(secs => ?)",
                (double) age.toSeconds());
    }

    @Test
    void theGroupIsSizedForEveryActiveRunBySlotsTheWorkersRegister() {
        activeRun(6, 0);
        activeRun(3, 1);
        FleetController controller = controller("m1");

        // no host registered yet: 6 + 3 + 1 = 10 slots / 4 (the configured guess) = 2.5 -> 3 hosts
        assertThat(controller.look().raiseTo()).isEqualTo(3);
        assertThat(fleet.desired()).isEqualTo(3);

        // the hosts register 2 slots each (BENCHFLEET_WORKER_SLOTS=2): 10 / 2 = 5 hosts
        register("i-1", 2, 0);
        register("i-2", 2, 0);
        register("i-3", 2, 0);
        controller.look();
        assertThat(fleet.desired()).isEqualTo(5);
    }

    @Test
    void theFirstRunToEndNeverZeroesTheGroupAndScaleInTerminatesOnlyIdleHosts() {
        long[] first = activeRun(0, 0);
        activeRun(2, 2);
        fleet.scaleTo(5);
        register("i-1", 2, 1);
        register("i-2", 2, 1);
        register("i-3", 2, 0);
        register("i-4", 2, 0);
        register("i-5", 2, 0);
        jdbc.update("UPDATE batch_job_execution SET status = 'COMPLETED' WHERE job_execution_id = ?", first[1]);

        controller("m1").look();

        // the second run has 2 queued + 2 running = 4 slots / 2 = 2 hosts: 3 of 5 go, the idle ones, not the busy
        assertThat(fleet.terminated).containsExactlyInAnyOrder("i-3", "i-4", "i-5");
        assertThat(fleet.instanceIds()).containsExactly("i-1", "i-2");
        assertThat(fleet.requests).as("never set to zero").doesNotContain(0);
    }

    @Test
    void aHostThatClaimedATrialSinceItsLastBeatIsNotTerminatedAsIdle() {
        long[] run = activeRun(0, 0);
        fleet.scaleTo(3);
        register("i-1", 2, 0);
        register("i-2", 2, 0);
        register("i-3", 2, 0);
        // i-1's slot c1 claimed a partition after i-1's last beat (which said 0 busy): its claim is live
        long step = rows.partition(run[1], "just-claimed", "STARTED");
        jdbc.update("INSERT INTO step_lease (step_execution_id, owner, token, claimed_at, heartbeat_at) "
                + "VALUES (?, 'host-i-1/c1', gen_random_uuid(), now(), now())", step);
        // a finished step's lease and a dead slot's stale one keep no host
        long done = rows.partition(run[1], "done", "COMPLETED");
        jdbc.update("INSERT INTO step_lease (step_execution_id, owner, token, claimed_at, heartbeat_at) "
                + "VALUES (?, 'host-i-3/c0', gen_random_uuid(), now(), now())", done);
        long stale = rows.partition(run[1], "stale", "STARTED");
        jdbc.update("INSERT INTO step_lease (step_execution_id, owner, token, claimed_at, heartbeat_at) "
                + "VALUES (?, 'host-i-2/c0', gen_random_uuid(), now() - interval '1 hour', now() - interval '1 hour')",
                stale);

        controller("m1").look();

        // 2 running steps (just-claimed, stale) / 2 slots per host = 1 host of 3: the two idle ones go, i-1 stays
        // (by the registry alone all three are idle and i-1, first by host id, would be among the two terminated)
        assertThat(fleet.terminated).containsExactlyInAnyOrder("i-2", "i-3");
        assertThat(fleet.instanceIds()).containsExactly("i-1");
    }

    @Test
    void aRegisteredHostThatLeftTheGroupDoesNotStopTheOtherIdleHostsBeingTerminated() {
        activeRun(2, 0);
        fleet.scaleTo(3);
        register("i-0", 2, 0); // its instance already left the group; its registry row has not expired yet
        register("i-1", 2, 0);
        register("i-2", 2, 0);
        register("i-3", 2, 0);

        controller("m1").look();

        // 2 queued / 2 slots per host = 1 host of 3: 2 idle ones go, i-0 (first by host id) fails and is skipped
        assertThat(fleet.terminated).containsExactly("i-1");
        assertThat(fleet.instanceIds()).containsExactly("i-2", "i-3");
    }

    @Test
    void oneProcessControlsTheGroupAndAnotherTakesOverOnceItsLeaseLapses() {
        activeRun(4, 0);
        FleetController a = controller("m1");
        FleetController b = controller("m2");

        assertThat(a.look()).isNotNull();
        assertThat(b.look()).as("m1 holds the group").isNull();
        assertThat(b.holds()).isFalse();

        ageControllerLease(Duration.ofSeconds(31));
        assertThat(b.look()).as("m1 silent past the 30 s lease").isNotNull();
        assertThat(jdbc.queryForMap("SELECT owner, epoch FROM fleet_controller")).containsEntry("owner", "m2")
                .containsEntry("epoch", 2L);
        assertThat(a.look()).as("m1 woke up: fenced").isNull();
    }

    @Test
    void anIdleGroupGoesToZeroAfterTheIdleTimeoutCountedAcrossAControllerThatDied() {
        fleet.scaleTo(2);
        register("i-1", 4, 0);
        register("i-2", 4, 0);
        FleetController dead = controller("m1");
        assertThat(dead.look().acts()).as("idle for 0 s of 600 s").isFalse();
        assertThat(jdbc.queryForObject("SELECT idle_since IS NOT NULL FROM fleet_controller", Boolean.class))
                .isTrue();

        // m1 died 11 minutes ago, the group idle since then; m2 (serve, or the next run) takes over
        jdbc.update("UPDATE fleet_controller SET idle_since = now() - interval '11 minutes', heartbeat_at = now() "
                + "- interval '11 minutes'");
        FleetDecision d = controller("m2").look();

        assertThat(d.zero()).isTrue();
        assertThat(fleet.terminated).containsExactlyInAnyOrder("i-1", "i-2");
        assertThat(fleet.desired()).isZero();
    }

    @Test
    void aRunningTrialOfADeadManagersRunKeepsItsHostAndTheGroupFromZero() {
        long[] orphaned = rows.run("STARTED");
        rows.managerLease(orphaned[0], orphaned[1], 1, 300);
        rows.partition(orphaned[1], "still-running", "STARTED");
        fleet.scaleTo(2);
        register("i-1", 4, 1);
        register("i-2", 4, 0);
        jdbc.update("INSERT INTO fleet_controller (worker_group, owner, epoch, taken_at, heartbeat_at, idle_since) "
                + "VALUES ('g', 'm0', 1, now(), '-infinity', now() - interval '1 hour')");

        FleetDecision d = controller("m1").look();

        assertThat(d.zero()).isFalse();
        assertThat(fleet.instanceIds()).contains("i-1");
        assertThat(jdbc.queryForObject("SELECT idle_since IS NULL FROM fleet_controller", Boolean.class))
                .as("a busy host is activity: the idle count stops").isTrue();
    }

    @Test
    void aProcessLeavingWithNothingActiveZeroesTheGroupAtOnce() {
        fleet.scaleTo(2);
        register("i-1", 4, 0);
        register("i-2", 4, 0);
        FleetController controller = controller("m1");
        controller.look();

        controller.close();

        assertThat(fleet.desired()).isZero();
    }

    @Test
    void aProcessLeavingAfterTheLastTrialEndedWaitsForTheHostsNextBeatAndZeroesTheGroup() {
        long[] run = rows.run("COMPLETED");
        long finished = rows.partition(run[1], "just-finished", "COMPLETED");
        jdbc.update("INSERT INTO step_lease (step_execution_id, owner, token, claimed_at, heartbeat_at) "
                + "VALUES (?, 'host-i-1/c0', gen_random_uuid(), now(), now())", finished);
        fleet.scaleTo(2);
        register("i-1", 4, 0);
        register("i-2", 4, 0);
        // i-1 beat while its trial still ran; the trial has ended since, and its next beat (0 busy) comes 0.5 s later
        registry.beat("host-i-1", 4, 1, null);
        FleetController controller = controller("m1");
        controller.look();
        scheduler.schedule(() -> registry.beat("host-i-1", 4, 0, null), java.time.Instant.now().plusMillis(500));

        controller.close();

        assertThat(fleet.desired()).isZero();
    }

    @Test
    void aProcessLeavingWhileAnotherRunIsActiveHandsTheGroupOverAtOnce() {
        activeRun(8, 0);
        FleetController leaving = controller("m1");
        leaving.look();
        int size = fleet.desired();

        leaving.close();

        assertThat(fleet.desired()).as("8 / 4 = 2 hosts stay").isEqualTo(size).isEqualTo(2);
        assertThat(new FleetControllerLease(jdbc, "g", CONTROL.lease(), "status").holder()).isEqualTo("m1 (silent)");
        assertThat(controller("m2").look()).as("no lease to wait for").isNotNull();
        assertThat(new FleetControllerLease(jdbc, "g", CONTROL.lease(), "status").holder()).isEqualTo("m2");
    }
}
