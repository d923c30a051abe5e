package io.benchfleet.manager.partition;

import java.util.OptionalLong;

/**
 * The slots of the shared fleet a run may fill now (running plus queued partitions), under the fleet's fair share:
 * higher priority first, equal priority split evenly. A run's manager releases its partitions to the queue only up
 * to this, so the workers, which take whatever the queue holds, take higher-priority work first.
 */
@FunctionalInterface
public interface SlotShare {

    /** Every run may fill the queue at once (releasing by share is off). */
    SlotShare UNLIMITED = (jobExecutionId, partitionsLeft) -> OptionalLong.of(Long.MAX_VALUE);

    /**
     * @param partitionsLeft what the run still has to run (held back, queued and running), as its manager knows it
     * @return the run's slots now; empty when the fleet's slots are unknown (no worker host registered)
     */
    OptionalLong of(long jobExecutionId, long partitionsLeft);
}
