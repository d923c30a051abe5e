package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import io.benchfleet.worker.config.DiskProperties;
import io.benchfleet.worker.config.SimulatedTrialProperties;
import io.benchfleet.worker.host.DiskGuard;
import io.benchfleet.worker.host.HostStatus;
import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.trial.SimulatedTrialExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

class WorkerHealthIndicatorTest {

    @Test
    void aWorkerWhoseConsumersAreStoppedIsOutOfServiceWithTheReason() {
        try (PartitionHeartbeat heartbeat = new PartitionHeartbeat(null, Duration.ofHours(1), Duration.ofHours(1))) {
            WorkerConsumers consumers = new WorkerConsumers(null, null, null, null, null);
            var health = new WorkerHealthIndicator(consumers, heartbeat, new SimulatedTrialExecutor(
                    new SimulatedTrialProperties(null, null, null, null, null, null, null, null, null, null, null, null),
                    Clock.systemUTC())).health();
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails()).containsEntry("consumers", "stopped (not taking partitions)")
                    .containsEntry("executor", "SimulatedTrialExecutor").containsEntry("runningTrials", 0);
        }
    }

    @Test
    void aWorkerShortOfDiskIsOutOfServiceAndSaysDrainingDiskWithWhatItFound() throws Exception {
        java.nio.file.Path jobs = java.nio.file.Files.createTempDirectory("health-disk");
        long free = java.nio.file.Files.getFileStore(jobs).getUsableSpace();
        DiskGuard disk = new DiskGuard(jobs, new DiskProperties(DataSize.ofBytes(free + (1L << 40)), null, null),
                Clock.systemUTC());
        disk.admits();
        try (PartitionHeartbeat heartbeat = new PartitionHeartbeat(null, Duration.ofHours(1), Duration.ofHours(1))) {
            WorkerConsumers consumers = new WorkerConsumers(null, null, null, null, null);
            HostStatus host = new HostStatus("host-1", disk, new LocalTrialDirectories(), () -> true, true,
                    Clock.systemUTC(), null, null, Duration.ofMinutes(15));
            var health = new WorkerHealthIndicator(consumers, heartbeat, new SimulatedTrialExecutor(
                    new SimulatedTrialProperties(null, null, null, null, null, null, null, null, null, null, null, null),
                    Clock.systemUTC()), host).health();
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails()).containsEntry("draining", "disk").containsEntry("trialDirsNotRemoved", 0)
                    .containsEntry("executorName", "simulated");
            assertThat(health.getDetails().get("disk").toString()).contains(jobs.toString()).contains("needs");
        } finally {
            java.nio.file.Files.delete(jobs);
        }
    }
}
