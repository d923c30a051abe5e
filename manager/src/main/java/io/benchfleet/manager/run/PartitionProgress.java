package io.benchfleet.manager.run;

import java.util.Map;

import org.springframework.batch.core.BatchStatus;

/** Counts of one job execution's partition step executions by status. */
public record PartitionProgress(Map<BatchStatus, Integer> byStatus) {

    public PartitionProgress {
        byStatus = Map.copyOf(byStatus);
    }

    public int count(BatchStatus status) {
        return byStatus.getOrDefault(status, 0);
    }

    public int total() {
        return byStatus.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Partitions that reached a final state (completed, failed, stopped or abandoned). */
    public int finished() {
        return count(BatchStatus.COMPLETED) + count(BatchStatus.FAILED) + count(BatchStatus.STOPPED)
                + count(BatchStatus.ABANDONED);
    }

    public int running() {
        return count(BatchStatus.STARTED) + count(BatchStatus.STOPPING);
    }

    /** Created but not yet claimed by a worker: still in the queue. */
    public int queued() {
        return count(BatchStatus.STARTING);
    }

    public boolean allFinished() {
        return finished() == total();
    }
}
