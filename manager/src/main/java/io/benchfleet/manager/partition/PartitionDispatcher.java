package io.benchfleet.manager.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.jobdefs.plan.TrialStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Sends one partition request per step execution to the outbound channel (the Spring Integration SQS adapter), in
 * SQS batches of ten, in the order given, with a few batches in flight at once. Returns when every request is in
 * the queue; the first batch that cannot be sent fails the dispatch.
 *
 * <p>A batch whose send fails (a timeout or throttling under load: the queue is shared by the whole fleet) is sent
 * again by Spring's {@link RetryTemplate}, {@link #SEND_ATTEMPTS} attempts in all with doubling pauses. A send that
 * timed out may have arrived after all; the duplicate is harmless (a worker runs a partition only after claiming
 * it). A missing queue is not retried.
 */
public class PartitionDispatcher {

    static final int SQS_BATCH = 10;
    /** Attempts to send one batch before the dispatch fails. */
    static final int SEND_ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(PartitionDispatcher.class);

    private final MessageChannel requests;
    private final int inFlight;
    private final PartitionRequestCodec codec = new PartitionRequestCodec();
    private final RetryTemplate retry;

    public PartitionDispatcher(MessageChannel requests, int inFlight) {
        this(requests, inFlight, Duration.ofSeconds(1));
    }

    /** {@code retryPause}: the pause before the second attempt at a failed batch, doubling after that. */
    public PartitionDispatcher(MessageChannel requests, int inFlight, Duration retryPause) {
        this.requests = requests;
        this.inFlight = inFlight;
        this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(SEND_ATTEMPTS - 1).delay(retryPause)
                .multiplier(2).predicate(failure -> !missingQueue(failure)).build());
        this.retry.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> send, Throwable failure) {
                log.warn("sending {} failed ({}); sending it again", send.getName(), reason(failure));
            }
        });
    }

    /**
     * A dispatch that sends partitions while they are still being created: each full batch of ten goes out at once
     * (a few batches in flight), so the longest trials, created first, start while the rest are being created.
     */
    public Sending startSending() {
        return new Sending(0);
    }

    public void dispatch(List<StepExecution> partitions) throws InterruptedException {
        dispatch(partitions, 0);
    }

    /** Sends the requests to become visible after {@code delaySeconds} (SQS allows up to 900): retry backoff. */
    public void dispatch(List<StepExecution> partitions, int delaySeconds) throws InterruptedException {
        Sending sending = new Sending(delaySeconds);
        partitions.forEach(sending::accept);
        sending.finish();
    }

    /** A dispatch under way: partitions go out in batches of ten as they are accepted, each once. */
    public final class Sending {
        // threads start with the first batches, so a single retried partition costs one thread, not inFlight
        private final ExecutorService senders = Executors.newFixedThreadPool(Math.max(1, inFlight));
        private final List<StepExecution> buffer = new ArrayList<>(SQS_BATCH);
        private final List<Future<?>> sent = new ArrayList<>();
        private final Set<Long> ids = new HashSet<>();
        private final int delaySeconds;

        private Sending(int delaySeconds) {
            this.delaySeconds = delaySeconds;
        }

        public synchronized void accept(StepExecution partition) {
            if (ids.add(partition.getId())) {
                buffer.add(partition);
                if (buffer.size() == SQS_BATCH) {
                    flush();
                }
            }
        }

        private void flush() {
            List<Message<String>> batch = messages(buffer, delaySeconds);
            buffer.clear();
            sent.add(senders.submit(() -> send(batch)));
        }

        /** Sends what is left and waits for every batch; returns the ids of the partitions sent. */
        public synchronized Set<Long> finish() throws InterruptedException {
            try {
                if (!buffer.isEmpty()) {
                    flush();
                }
                for (Future<?> f : sent) {
                    f.get();
                }
                return Set.copyOf(ids);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                senders.shutdownNow();
            }
        }
    }

    private List<Message<String>> messages(List<StepExecution> partitions, int delaySeconds) {
        List<Message<String>> batch = new ArrayList<>(partitions.size());
        for (StepExecution partition : partitions) {
            String key = partition.getExecutionContext().getString(PartitionContextKeys.KEY);
            String body = codec.encode(new PartitionRequest(TrialStep.NAME, partition.getJobExecutionId(),
                    partition.getId(), key));
            batch.add(delaySeconds <= 0 ? new GenericMessage<>(body)
                    : MessageBuilder.withPayload(body).setHeader(SqsHeaders.SQS_DELAY_HEADER,
                            Math.min(InfraRetryPolicy.MAX_DELAY_SECONDS, delaySeconds)).build());
        }
        return batch;
    }

    private void send(List<Message<String>> batch) {
        Retryable<Void> send = new Retryable<>() {
            @Override
            public Void execute() {
                if (!requests.send(new GenericMessage<>(batch))) {
                    throw new IllegalStateException("the partition request channel refused a batch of "
                            + batch.size());
                }
                return null;
            }

            @Override
            public String getName() {
                return batch.size() + " partition requests";
            }
        };
        try {
            retry.execute(send);
        } catch (RetryException e) {
            Throwable failure = e.getLastException() != null ? e.getLastException() : e.getCause();
            boolean missing = missingQueue(failure);
            throw new IllegalStateException("cannot send partition requests to SQS" + (missing ? ""
                    : " after " + attempts(e) + " attempts") + ": " + reason(failure) + " (check "
                    + "benchfleet.sqs.queue and the queue's existence and permissions)", failure);
        }
    }

    private static int attempts(RetryState state) {
        return state.getRetryCount() + 1;
    }

    /** SQS answered that the queue does not exist: sending again cannot help. */
    static boolean missingQueue(Throwable failure) {
        return NestedExceptionUtils.getMostSpecificCause(failure) instanceof QueueDoesNotExistException;
    }

    private static String reason(Throwable failure) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
