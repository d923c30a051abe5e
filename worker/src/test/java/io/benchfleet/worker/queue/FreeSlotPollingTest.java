package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler.ReleaseReason;
import io.awspring.cloud.sqs.listener.backpressure.BatchAwareBackPressureHandler;
import org.junit.jupiter.api.Test;

/**
 * A consumer's back-pressure driven as Spring Cloud AWS's poller drives it: {@code requestBatch()} is the number of
 * messages the next receive asks for (0: no receive now), {@code release} is what a receive brought back (the slots it
 * left unfilled) or a trial that finished. Counts are the consumer's slots minus those taken, worked by hand in the
 * comments.
 */
class FreeSlotPollingTest {

    private static BatchAwareBackPressureHandler consumer(int slots) {
        return (BatchAwareBackPressureHandler) FreeSlotPolling.forSlots(slots).createBackPressureHandler(null);
    }

    @Test
    void anIdleConsumerAsksForAllItsFreeSlotsInOneReceive() throws InterruptedException {
        assertThat(consumer(4).requestBatch()).isEqualTo(4);
    }

    @Test
    void aSlotFreedWhileTheOthersRunIsAskedForAtOnceNotWhenABatchIsFull() throws Exception {
        BatchAwareBackPressureHandler consumer = consumer(4);
        assertThat(consumer.requestBatch()).isEqualTo(4);
        consumer.release(0, ReleaseReason.PARTIAL_FETCH); // the receive brought 4 messages: all slots run

        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> nextReceive(consumer));
        Thread.sleep(600);
        assertThat(next).as("no free slot: no receive").isNotDone();
        consumer.release(1, ReleaseReason.PROCESSED); // one trial ends

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(1); // 4 - 3 running
    }

    @Test
    void onlyOneReceiveIsInFlightAndTheSlotsFreedMeanwhileGoInTheNextOne() throws InterruptedException {
        BatchAwareBackPressureHandler consumer = consumer(4);
        assertThat(consumer.requestBatch()).isEqualTo(4);
        consumer.release(3, ReleaseReason.PARTIAL_FETCH); // 1 message: 1 slot runs, 3 free
        assertThat(consumer.requestBatch()).isEqualTo(3); // one receive (a long poll) for the 3 free slots
        consumer.release(1, ReleaseReason.PROCESSED); // the running trial ends while it waits
        assertThat(consumer.requestBatch()).as("no second receive beside the one in flight").isZero();

        consumer.release(1, ReleaseReason.PARTIAL_FETCH); // the long poll brings 2 of its 3
        // free now: the slot that ended + the 1 the poll did not fill = 2, in one receive
        assertThat(consumer.requestBatch()).isEqualTo(2);
    }

    @Test
    void aSlotFreedWhileAReceiveIsInFlightGoesOutWhenThatReceiveReturnsFullNotAfterTheRecheck() throws Exception {
        BatchAwareBackPressureHandler consumer = consumer(4);
        assertThat(consumer.requestBatch()).isEqualTo(4);
        consumer.release(3, ReleaseReason.PARTIAL_FETCH); // 1 message: 1 slot runs, 3 free
        assertThat(consumer.requestBatch()).isEqualTo(3); // the receive in flight, for the 3 free slots
        consumer.release(1, ReleaseReason.PROCESSED); // the running trial ends: 1 slot free, not asked for yet

        // the poller's one request while the receive is in flight: it must wait for that receive, not answer 0
        CompletableFuture<Integer> request = new CompletableFuture<>();
        Thread poller = new Thread(() -> {
            try {
                request.complete(consumer.requestBatch());
            } catch (InterruptedException e) {
                request.completeExceptionally(e);
            }
        });
        poller.start();
        while (poller.getState() != Thread.State.TIMED_WAITING && !request.isDone()) {
            Thread.onSpinWait();
        }
        // the receive brings all 3 it asked for: no unused permit is released, yet its end frees the next receive
        consumer.release(0, ReleaseReason.PARTIAL_FETCH);

        assertThat(request.get(10, TimeUnit.SECONDS)).as("the same request, answered with the freed slot").isOne();
    }

    @Test
    void aReceiveThatFailedOrBroughtNothingLetsTheNextOneGo() throws InterruptedException {
        BatchAwareBackPressureHandler consumer = consumer(4);
        assertThat(consumer.requestBatch()).isEqualTo(4);
        // an empty long poll (a failed receive is released the same way by Spring Cloud AWS)
        consumer.release(4, ReleaseReason.NONE_FETCHED);

        assertThat(consumer.requestBatch()).isEqualTo(4);
    }

    @Test
    void noReceiveAsksForMoreThanSqsGivesNorTheConsumerMoreMessagesThanSlots() throws InterruptedException {
        BatchAwareBackPressureHandler consumer = consumer(12);

        assertThat(consumer.requestBatch()).isEqualTo(10); // SQS returns at most 10 per receive
        consumer.release(0, ReleaseReason.PARTIAL_FETCH); // all 10 came
        assertThat(consumer.requestBatch()).isEqualTo(2); // 12 - 10
        consumer.release(0, ReleaseReason.PARTIAL_FETCH);
        assertThat(consumer.requestBatch()).isZero(); // all 12 run
    }

    /** What the poller's loop does: asks again each time it wakes with nothing to ask for. */
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
