package io.benchfleet.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchfleet.manager.run.RunStatusQuery;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import io.benchfleet.manager.run.PartitionProgress;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

class StatusCommandTest {

    private static RunStatusQuery.RunStatus running(Duration elapsed) {
        return new RunStatusQuery.RunStatus(7, 3, "benchmarkJob", "spec", "r1", "STARTED", "UNKNOWN", "",
                LocalDateTime.now().minus(elapsed), null);
    }

    @Test
    void theEtaExtrapolatesThePaceSoFarToThePartitionsLeft() {
        PartitionProgress p = new PartitionProgress(Map.of(BatchStatus.COMPLETED, 250, BatchStatus.STARTED, 100,
                BatchStatus.STARTING, 400));
        Duration eta = StatusCommand.eta(running(Duration.ofMinutes(10)), p);
        assertThat(eta).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(20).plusSeconds(2));
    }

    @Test
    void thereIsNoEtaBeforeAPartitionFinishesOrAfterTheRunEnded() {
        PartitionProgress none = new PartitionProgress(Map.of(BatchStatus.STARTING, 10));
        assertThat(StatusCommand.eta(running(Duration.ofMinutes(1)), none)).isNull();
        RunStatusQuery.RunStatus ended = new RunStatusQuery.RunStatus(7, 3, "benchmarkJob", "spec", "r1",
                "COMPLETED", "COMPLETED", "", LocalDateTime.now().minusMinutes(5), LocalDateTime.now());
        assertThat(StatusCommand.eta(ended, new PartitionProgress(Map.of(BatchStatus.COMPLETED, 10)))).isNull();
    }

    @Test
    void theBarFillsWithFinishedPartitions() {
        assertThat(StatusCommand.bar(new PartitionProgress(Map.of(BatchStatus.COMPLETED, 1, BatchStatus.FAILED, 0,
                BatchStatus.STARTING, 1)))).isEqualTo("[" + "#".repeat(15) + "-".repeat(15) + "]");
    }
}
