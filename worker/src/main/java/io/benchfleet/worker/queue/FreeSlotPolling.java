package io.benchfleet.worker.queue;

import java.time.Duration;
import java.util.List;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactory;
import io.awspring.cloud.sqs.listener.backpressure.CompositeBackPressureHandler;
import io.awspring.cloud.sqs.listener.backpressure.ConcurrencyLimiterBlockingBackPressureHandler;
import io.awspring.cloud.sqs.listener.backpressure.ThroughputBackPressureHandler;

/**
 * How a consumer asks SQS for partitions: one receive for all of its free slots at once (up to ten, SQS's limit),
 * sent as soon as a slot is free - never waiting for more slots to free up to fill a batch - and, while the queue was
 * empty at the last receive, only one long poll in flight. Spring Cloud AWS's own handlers, composed: the
 * concurrency limiter holds the slots (a host never receives more messages than it has free slots), asked without
 * a wait so a partial batch goes out at once; the throughput handler keeps a single poll while the queue is empty and
 * lets free slots poll side by side while it yields messages; the composite wakes on every freed slot.
 *
 * <p>Spring Cloud AWS's defaults with one message per receive (the earlier setting) made every idle slot a long poll
 * of its own: an idle 4-slot host sent up to four empty receives per poll timeout where one suffices (fleet
 * benchmark: 3.2 empty receives per partition at 150 hosts). Its default batch setting instead waits up to
 * {@code maxDelayBetweenPolls} for a full batch of free slots before a freed slot is refilled.
 */
public final class FreeSlotPolling {

    /** The most messages one SQS receive may return. */
    static final int MAX_PER_RECEIVE = 10;

    private FreeSlotPolling() {
    }

    /** Messages asked for per receive by a consumer with {@code slots} slots. */
    public static int perReceive(int slots) {
        return Math.min(slots, MAX_PER_RECEIVE);
    }

    /**
     * The back-pressure of a consumer with {@code slots} slots; {@code idleWait} bounds how long the poller sleeps
     * with no free slot before it looks again (a freed slot wakes it at once).
     */
    public static BackPressureHandlerFactory forSlots(int slots, Duration idleWait) {
        int batch = perReceive(slots);
        return options -> CompositeBackPressureHandler.builder()
                .batchSize(batch)
                .noPermitsReturnedWaitTimeout(idleWait)
                .backPressureHandlers(List.of(
                        ConcurrencyLimiterBlockingBackPressureHandler.builder().batchSize(batch).totalPermits(slots)
                                .acquireTimeout(Duration.ZERO).build(),
                        ThroughputBackPressureHandler.builder().batchSize(batch).build()))
                .build();
    }
}
