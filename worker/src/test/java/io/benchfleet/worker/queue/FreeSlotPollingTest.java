package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler.ReleaseReason;
import io.awspring.cloud.sqs.listener.backpressure.BatchAwareBackPressureHandler;
import org.junit.jupiter.api.Test;

/**
 * A consumer's back-pressure driven as its poller drives it: {@code requestBatch()} is the number of messages the
 * next receive asks for (0: no receive), {@code release} is what came back or finished. Counts are the slots of the
 * consumer minus those taken, worked by hand in the comments.
 */
class FreeSlotPollingTest {

    /** Long enough that a request returning before it did not wait for it. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(60);

    private static BatchAwareBackPressureHandler consumer(int slots, Duration idleWait) {
        return (BatchAwareBackPressureHandler) FreeSlotPolling.forSlots(slots, idleWait).createBackPressureHandler(null);
    }

    @Test
    void anIdleConsumerAsksForAllItsFreeSlotsInOneReceive() throws InterruptedException {
        BatchAwareBackPressureHandler consumer = consumer(4, IDLE_WAIT);

        assertThat(consumer.requestBatch()).isEqualTo(4);
    }

    @Test
    void aSlotFreedWhileTheOthersRunIsAskedForAtOnceNotWhenABatchIsFull() throws Exception {
        BatchAwareBackPressureHandler consumer = consumer(4, IDLE_WAIT);
        assertThat(consumer.requestBatch()).isEqualTo(4);
        consumer.release(0, ReleaseReason.PARTIAL_FETCH); // the receive brought 4 messages: all slots run

        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> nextReceive(consumer));
        Thread.sleep(200);
        assertThat(next).isNotDone(); // no free slot: no receive
        consumer.release(1, ReleaseReason.PROCESSED); // one trial ends

        // 1 free of 4, asked for at once (well before the 60-s idle wait, which would be the only other way out)
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void whileTheQueueIsEmptyOnlyOneLongPollIsInFlightAndASlotFreedMeanwhileWaitsForIt() throws Exception {
        BatchAwareBackPressureHandler consumer = consumer(4, Duration.ofMillis(50));
        assertThat(consumer.requestBatch()).isEqualTo(4);
        consumer.release(3, ReleaseReason.PARTIAL_FETCH); // 1 message: 1 slot runs, 3 free, messages flowing
        assertThat(consumer.requestBatch()).isEqualTo(3); // the 3 free slots poll at once
        consumer.release(3, ReleaseReason.NONE_FETCHED); // the queue is empty

        assertThat(consumer.requestBatch()).isEqualTo(3); // one long poll for the 3 free slots
        consumer.release(1, ReleaseReason.PROCESSED); // the running trial ends during that poll
        assertThat(consumer.requestBatch()).isZero(); // no second long poll beside the first

        consumer.release(1, ReleaseReason.PARTIAL_FETCH); // the long poll brings 2 of its 3
        // free now: the slot that ended + the 1 the poll did not fill = 2, asked for at once
        assertThat(consumer.requestBatch()).isEqualTo(2);
    }

    @Test
    void noReceiveAsksForMoreThanSqsGivesNorTheConsumerMoreMessagesThanSlots() throws InterruptedException {
        BatchAwareBackPressureHandler consumer = consumer(12, Duration.ofMillis(50));

        assertThat(consumer.requestBatch()).isEqualTo(10); // SQS returns at most 10 per receive
        consumer.release(0, ReleaseReason.PARTIAL_FETCH);
        assertThat(consumer.requestBatch()).isEqualTo(2); // 12 - 10
        consumer.release(0, ReleaseReason.PARTIAL_FETCH);
        assertThat(consumer.requestBatch()).isZero(); // all 12 run
    }

    /** What the poller's loop does: asks again each time it was woken with nothing to ask for. */
    private static int nextReceive(BatchAwareBackPressureHandler consumer) {
        try {
            int n;
            while ((n = consumer.requestBatch()) == 0) {
                Thread.onSpinWait();
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
