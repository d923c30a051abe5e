package io.benchfleet.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.benchfleet.worker.config.DaemonSchedulers;
import io.benchfleet.worker.testing.BatchRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** A host's registry row carries its boot-to-ready time from the first beat after it became ready (PostgreSQL). */
class HostRegistrationTest {

    private final BatchRepository repository = BatchRepository.create();
    private final ThreadPoolTaskScheduler scheduler = DaemonSchedulers.of("registration-test-", 1);
    private final AtomicReference<HostStart.BootToReady> measured = new AtomicReference<>();

    @AfterEach
    void close() {
        scheduler.shutdown();
        repository.close();
    }

    private Map<String, Object> row() {
        return repository.jdbc().queryForMap("SELECT boot_to_ready_seconds, ready_measured_from FROM worker_host "
                + "WHERE host_id = 'w1'");
    }

    @Test
    void theBeatAfterTheHostBecameReadyRecordsItsBootToReadyAndARestartRecordsItsOwn() {
        HostRegistration registration = new HostRegistration(new WorkerRegistry(repository.jdbc()),
                () -> new WorkerRegistry.Registration("w1", "g", "i-0abc", 2, "docker", "dev"), scheduler,
                Duration.ofHours(1), () -> 0, () -> null, measured::get);
        registration.start();

        registration.beat();
        assertThat(row()).as("not ready yet").containsEntry("boot_to_ready_seconds", null);

        measured.set(new HostStart.BootToReady(47, HostStart.INSTANCE_LAUNCH));
        registration.beat();
        assertThat(row()).containsEntry("boot_to_ready_seconds", 47L)
                .containsEntry("ready_measured_from", "instance launch");

        registration.stop();
        registration.start();
        assertThat(row()).as("a new registration starts unmeasured").containsEntry("boot_to_ready_seconds", null);
        measured.set(new HostStart.BootToReady(52, HostStart.KERNEL_BOOT));
        registration.beat();
        assertThat(row()).containsEntry("boot_to_ready_seconds", 52L)
                .containsEntry("ready_measured_from", "kernel boot");
        registration.stop();
    }
}
