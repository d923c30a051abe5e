package io.benchfleet.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.benchfleet.worker.testing.BatchRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The registry against the real PostgreSQL with benchfleet's migrations (worker_host of V7). */
class WorkerRegistryTest {

    private final BatchRepository repository = BatchRepository.create();
    private final JdbcTemplate jdbc = repository.jdbc();
    private final WorkerRegistry registry = new WorkerRegistry(jdbc);

    @AfterEach
    void drop() {
        repository.close();
    }

    private Map<String, Object> row(String host) {
        return jdbc.queryForMap("SELECT * FROM worker_host WHERE host_id = ?", host);
    }

    private void silentFor(String host, Duration age) {
        jdbc.update("UPDATE worker_host SET heartbeat_at = now() - make_interval(secs => ?) WHERE host_id = ?",
                (double) age.toSeconds(), host);
    }

    @Test
    void aHostRegistersReadyWithWhatItOffersStampedWithTheDatabaseClock() {
        registry.register(new WorkerRegistry.Registration("w1", "asg-a", "i-0abc", 4, "docker", "0.1.0"));

        Map<String, Object> row = row("w1");
        assertThat(row).containsEntry("worker_group", "asg-a").containsEntry("instance_id", "i-0abc")
                .containsEntry("slots", 4).containsEntry("executor", "docker").containsEntry("version", "0.1.0")
                .containsEntry("busy_slots", 0).containsEntry("state", "ready");
        assertThat(jdbc.queryForObject("SELECT now() - heartbeat_at BETWEEN interval '0' AND interval '5 seconds' "
                + "AND started_at = heartbeat_at FROM worker_host", Boolean.class)).as("the database's clock").isTrue();
    }

    @Test
    void aHostWithEverySlotRunningIsBusyAndOneWithAFreeSlotIsReady() {
        registry.register(new WorkerRegistry.Registration("w1", "g", null, 2, "simulated", "dev"));

        registry.beat("w1", 2, 2, null);
        assertThat(row("w1")).containsEntry("state", "busy").containsEntry("busy_slots", 2);

        registry.beat("w1", 2, 1, null);
        assertThat(row("w1")).containsEntry("state", "ready").containsEntry("busy_slots", 1);
    }

    @Test
    void aDrainingHostSaysWhyEvenWhileItsSlotsAreBusy() {
        registry.register(new WorkerRegistry.Registration("w1", "g", null, 2, "simulated", "dev"));

        registry.beat("w1", 2, 2, "spot interruption notice");

        assertThat(row("w1")).containsEntry("state", "draining").containsEntry("reason", "spot interruption notice")
                .containsEntry("busy_slots", 2);
    }

    @Test
    void aHostSilentForLongerThanTheLeaseExpiresAsGoneAndOnlyInItsGroup() {
        registry.register(new WorkerRegistry.Registration("w1", "g", null, 2, "simulated", "dev"));
        registry.register(new WorkerRegistry.Registration("w2", "g", null, 2, "simulated", "dev"));
        registry.register(new WorkerRegistry.Registration("w3", "other", null, 2, "simulated", "dev"));
        registry.beat("w1", 2, 1, null);
        silentFor("w1", Duration.ofSeconds(100));
        silentFor("w3", Duration.ofSeconds(100));

        assertThat(registry.expire("g", Duration.ofSeconds(90))).isOne();

        // w1 silent 100 s > lease 90 s: gone, its busy slot no longer counted; w2 beat just now; w3 is another group
        assertThat(row("w1")).containsEntry("state", "gone").containsEntry("busy_slots", 0)
                .containsEntry("reason", "no heartbeat for 100 s");
        assertThat(row("w2")).containsEntry("state", "ready");
        assertThat(row("w3")).containsEntry("state", "ready");
    }

    @Test
    void anExpiredHostThatWasOnlySlowComesBackWithItsNextBeat() {
        registry.register(new WorkerRegistry.Registration("w1", "g", null, 2, "simulated", "dev"));
        silentFor("w1", Duration.ofSeconds(100));
        registry.expire("g", Duration.ofSeconds(90));

        registry.beat("w1", 2, 0, null);

        assertThat(row("w1")).containsEntry("state", "ready");
    }

    @Test
    void aStoppedHostLeavesAsGone() {
        registry.register(new WorkerRegistry.Registration("w1", "g", null, 2, "simulated", "dev"));

        registry.leave("w1", "stopped");

        assertThat(row("w1")).containsEntry("state", "gone").containsEntry("reason", "stopped");
    }

    @Test
    void aHostRecordsItsBootToReadyOnceAndARestartedWorkerStartsWithoutOne() {
        registry.register(new WorkerRegistry.Registration("w1", "g", "i-0abc", 2, "docker", "dev"));

        assertThat(registry.ready("w1", new HostStart.BootToReady(125, HostStart.INSTANCE_LAUNCH))).isTrue();
        assertThat(registry.ready("w1", new HostStart.BootToReady(900, HostStart.INSTANCE_LAUNCH))).isFalse();
        registry.beat("w1", 2, 1, null);
        assertThat(row("w1")).containsEntry("boot_to_ready_seconds", 125L)
                .containsEntry("ready_measured_from", "instance launch");

        registry.register(new WorkerRegistry.Registration("w1", "g", "i-0abc", 2, "docker", "dev"));

        assertThat(row("w1")).containsEntry("boot_to_ready_seconds", null).containsEntry("ready_measured_from", null);
        assertThat(registry.ready("unregistered", new HostStart.BootToReady(1, HostStart.KERNEL_BOOT))).isFalse();
    }
}
