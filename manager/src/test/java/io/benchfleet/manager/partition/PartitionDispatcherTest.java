package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The dispatcher's retry of failed batch sends. The channel here stands in for the SQS adapter (whose real sends the
 * local-run and chaos suites exercise against ElasticMQ) so that it can fail on cue.
 */
class PartitionDispatcherTest {

    private static List<StepExecution> partitions(int n) {
        JobExecution job = MetaDataInstanceFactory.createJobExecution();
        List<StepExecution> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StepExecution s = MetaDataInstanceFactory.createStepExecution(job, "trial:t" + i + "__a01", 100L + i);
            s.getExecutionContext().putString(PartitionContextKeys.KEY, "t" + i + "__a01");
            list.add(s);
        }
        return list;
    }

    /** Fails the first {@code failures} sends with the SQS adapter's timeout, then accepts. */
    static final class FlakyQueue implements MessageChannel {
        final AtomicInteger calls = new AtomicInteger();
        final List<Object> delivered = new ArrayList<>();
        private final int failures;
        private final RuntimeException failure;

        FlakyQueue(int failures, RuntimeException failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public synchronized boolean send(Message<?> message, long timeout) {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            delivered.add(message.getPayload());
            return true;
        }
    }

    private static RuntimeException timeout() {
        return new MessageTimeoutException("Timeout waiting for response from Amazon SQS");
    }

    @Test
    void aBatchThatTimesOutUnderLoadIsSentAgainInsteadOfFailingTheRun() throws Exception {
        FlakyQueue queue = new FlakyQueue(2, timeout());

        new PartitionDispatcher(queue, 1, Duration.ofMillis(1)).dispatch(partitions(3));

        assertThat(queue.calls).hasValue(3);
        assertThat(queue.delivered).hasSize(1);
    }

    @Test
    void aBatchThatKeepsFailingFailsTheDispatchNamingTheCauseAndTheAttempts() {
        FlakyQueue queue = new FlakyQueue(Integer.MAX_VALUE, timeout());

        assertThatThrownBy(() -> new PartitionDispatcher(queue, 1, Duration.ofMillis(1)).dispatch(partitions(3)))
                .hasMessageStartingWith("cannot send partition requests to SQS after 5 attempts: "
                        + "MessageTimeoutException: Timeout waiting for response from Amazon SQS");
        assertThat(queue.calls).hasValue(PartitionDispatcher.SEND_ATTEMPTS);
    }

    @Test
    void aMissingQueueFailsAtOnce() {
        // what the SQS adapter throws when the queue was deleted: SQS's QueueDoesNotExistException inside a
        // MessagingException
        FlakyQueue queue = new FlakyQueue(Integer.MAX_VALUE, new MessagingException("Failed to send",
                QueueDoesNotExistException.builder().message("The specified queue does not exist").build()));

        assertThatThrownBy(() -> new PartitionDispatcher(queue, 1, Duration.ofMillis(1)).dispatch(partitions(3)))
                .hasMessageContaining("cannot send partition requests to SQS: QueueDoesNotExistException: The "
                        + "specified queue does not exist");
        assertThat(queue.calls).hasValue(1);
    }

    @Test
    void aQueueThatAnswersWithAnotherErrorIsAskedAgain() throws Exception {
        FlakyQueue queue = new FlakyQueue(1, new MessagingException("Failed to send", new IllegalStateException(
                "The specified queue does not exist")));

        new PartitionDispatcher(queue, 1, Duration.ofMillis(1)).dispatch(partitions(3));

        assertThat(queue.calls).hasValue(2);
    }

    @Test
    void streamedPartitionsGoOutInBatchesOfTenEachOnce() throws Exception {
        FlakyQueue queue = new FlakyQueue(0, timeout());
        PartitionDispatcher.Sending sending = new PartitionDispatcher(queue, 2, Duration.ofMillis(1)).startSending();
        List<StepExecution> all = partitions(23);

        all.forEach(sending::accept);
        all.subList(0, 5).forEach(sending::accept);

        assertThat(sending.finish()).hasSize(23);
        assertThat(queue.delivered).hasSize(3);
        assertThat(queue.delivered).allSatisfy(batch -> assertThat((List<?>) batch).hasSizeLessThanOrEqualTo(10));
    }
}
