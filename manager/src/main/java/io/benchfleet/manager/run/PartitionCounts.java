package io.benchfleet.manager.run;

import org.springframework.batch.core.BatchStatus;

/**
 * A run's partitions by state, as every view shows them (status, list, the web pages and their JSON): each
 * partition counted once, by its latest attempt.
 */
public record PartitionCounts(int total, int completed, int failed, int running, int queued) {

    public static PartitionCounts of(PartitionProgress p) {
        return new PartitionCounts(p.total(), p.count(BatchStatus.COMPLETED),
                p.count(BatchStatus.FAILED) + p.count(BatchStatus.ABANDONED), p.running(), p.queued());
    }
}
