package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import io.benchfleet.worker.config.SimulatedTrialProperties;
import io.benchfleet.worker.trial.SimulatedTrialExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

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
}
