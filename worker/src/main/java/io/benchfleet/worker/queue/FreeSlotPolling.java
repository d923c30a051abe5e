package io.benchfleet.worker.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactory;
import io.awspring.cloud.sqs.listener.backpressure.CompositeBackPressureHandler;
import io.awspring.cloud.sqs.listener.backpressure.ConcurrencyLimiterBlockingBackPressureHandler;

/**
 * How a consumer asks SQS for partitions: one receive at a time, for all of the slots free when it goes out (up to
 * ten, SQS's limit), sent as soon as a slot is free and no receive is in flight - never waiting for more slots to free
 * up to fill a batch. A slot freed while a long poll waits on an empty queue could get nothing from a receive of its
 * own; when messages come, the poll in flight returns with them at once and the next receive asks for that slot.
 * Spring Cloud AWS's composite handler over its concurrency limiter (which holds the slots, so a host never receives
 * more messages than it has free slots, asked without a wait so a partial batch goes out at once) and
 * {@link OneReceiveInFlight}.
 *
 * <p>Spring Cloud AWS's defaults with one message per receive (the earlier setting) made every idle slot a long poll
 * of its own: up to four empty receives per poll timeout from an idle 4-slot host (fleet benchmark: 3.2 empty
 * receives per partition at 150 hosts); its throughput handler, which keeps one poll only while the queue is empty,
 * still let each slot freed while messages flowed start a long poll of its own that later came back empty (1.7 per
 * partition at 150 hosts, 2.9 at 200). Its default batch setting waits up to {@code maxDelayBetweenPolls} for a full
 * batch of free slots before a freed slot is refilled.
 */
public final class FreeSlotPolling {

    /** The most messages one SQS receive may return. */
    static final int MAX_PER_RECEIVE = 10;

    /**
     * How long the poller waits, with nothing to ask for, before it looks again: for a slot to free (a freed slot
     * wakes Spring Cloud AWS's composite at once), or, with a slot free, for the receive in flight to end (its end
     * wakes {@link OneReceiveInFlight} at once). Only a long poll on an empty queue outlasts it.
     */
    static final Duration RECHECK = Duration.ofMillis(250);

    private FreeSlotPolling() {
    }

    /** Messages asked for per receive by a consumer with {@code slots} slots. */
    public static int perReceive(int slots) {
        return Math.min(slots, MAX_PER_RECEIVE);
    }

    /** The back-pressure of a consumer with {@code slots} slots. */
    public static BackPressureHandlerFactory forSlots(int slots) {
        int batch = perReceive(slots);
        return options -> CompositeBackPressureHandler.builder()
                .batchSize(batch)
                .noPermitsReturnedWaitTimeout(RECHECK)
                .backPressureHandlers(List.of(
                        ConcurrencyLimiterBlockingBackPressureHandler.builder().batchSize(batch).totalPermits(slots)
                                .acquireTimeout(Duration.ZERO).build(),
                        new OneReceiveInFlight()))
                .build();
    }

    /**
     * At most one receive in flight: Spring Cloud AWS's throughput handler in its low mode, without its switch to
     * concurrent receives once one brought messages. Every receive ends with a release that says what it brought
     * (none, or some: also when it filled every slot, or failed and brought none), which frees the next one.
     *
     * <p>A request made while a receive is in flight waits for it (up to {@link #RECHECK}) instead of answering 0:
     * a receive that fills every slot it asked for releases no permit, so Spring Cloud AWS's composite would not wake
     * and a slot freed meanwhile would sit idle for the composite's whole wait.
     */
    static final class OneReceiveInFlight implements BackPressureHandler {

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition receiveEnded = lock.newCondition();
        private boolean inFlight;

        @Override
        public int request(int amount) throws InterruptedException {
            if (amount <= 0) {
                return 0;
            }
            lock.lock();
            try {
                long wait = RECHECK.toNanos();
                while (inFlight) {
                    if (wait <= 0) {
                        return 0;
                    }
                    wait = receiveEnded.awaitNanos(wait);
                }
                inFlight = true;
                return amount;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void release(int amount, ReleaseReason reason) {
            if (reason == ReleaseReason.NONE_FETCHED || reason == ReleaseReason.PARTIAL_FETCH) {
                lock.lock();
                try {
                    inFlight = false;
                    receiveEnded.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        @Override
        public boolean drain(Duration timeout) {
            return true;
        }
    }
}
