package io.benchfleet.manager.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends one partition request per step execution to the outbound channel (the Spring Integration SQS adapter), in
 * SQS batches of ten, in the order given, with a few batches in flight at once. Returns when every request is in
 * the queue; the first failed batch fails the dispatch.
 */
public class PartitionDispatcher {

    static final int SQS_BATCH = 10;
    /** Attempts to send one batch before the dispatch fails. */
    static final int SEND_ATTEMPTS = 5;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PartitionDispatcher.class);

    private final MessageChannel requests;
    private final int inFlight;
    private final PartitionRequestCodec codec = new PartitionRequestCodec();
    private final java.time.Duration retryPause;

    public PartitionDispatcher(MessageChannel requests, int inFlight) {
        this(requests, inFlight, java.time.Duration.ofSeconds(1));
    }

    /** {@code retryPause}: the pause before the second attempt at a failed batch, doubling after that. */
    public PartitionDispatcher(MessageChannel requests, int inFlight, java.time.Duration retryPause) {
        this.requests = requests;
        this.inFlight = inFlight;
        this.retryPause = retryPause;
    }

    /**
     * A dispatch that sends partitions while they are still being created: each full batch of ten goes out at once
     * (a few batches in flight), so the longest trials, created first, start while the rest are being created.
     */
    public Stream stream() {
        return new Stream(0);
    }

    /** Sends partitions in batches of ten as they are accepted, each partition once, a few batches in flight. */
    public final class Stream {
        // threads start with the first batches, so a single retried partition costs one thread, not inFlight
        private final ExecutorService senders = Executors.newFixedThreadPool(Math.max(1, inFlight));
        private final List<StepExecution> buffer = new ArrayList<>(SQS_BATCH);
        private final List<Future<?>> sent = new ArrayList<>();
        private final java.util.Set<Long> ids = new java.util.HashSet<>();
        private final int delaySeconds;

        private Stream(int delaySeconds) {
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
        public synchronized java.util.Set<Long> finish() throws InterruptedException {
            try {
                if (!buffer.isEmpty()) {
                    flush();
                }
                for (Future<?> f : sent) {
                    f.get();
                }
                return java.util.Set.copyOf(ids);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                senders.shutdownNow();
            }
        }
    }

    public void dispatch(List<StepExecution> partitions) throws InterruptedException {
        dispatch(partitions, 0);
    }

    /** Sends the requests to become visible after {@code delaySeconds} (SQS allows up to 900): retry backoff. */
    public void dispatch(List<StepExecution> partitions, int delaySeconds) throws InterruptedException {
        Stream stream = new Stream(delaySeconds);
        partitions.forEach(stream::accept);
        stream.finish();
    }

    private List<Message<String>> messages(List<StepExecution> partitions, int delaySeconds) {
        List<Message<String>> batch = new ArrayList<>(partitions.size());
        for (StepExecution partition : partitions) {
            String key = partition.getExecutionContext().getString(PartitionContextKeys.KEY);
            String body = codec.encode(new PartitionRequest(TrialStep.NAME,
                    partition.getJobExecutionId(), partition.getId(), key));
            batch.add(delaySeconds <= 0 ? new GenericMessage<>(body)
                    : MessageBuilder.withPayload(body).setHeader(SqsHeaders.SQS_DELAY_HEADER,
                            Math.min(900, delaySeconds)).build());
        }
        return batch;
    }

    /**
     * Sends one batch, retrying a failed send (a timeout or throttling under load: the queue is shared by the whole
     * fleet) up to {@link #SEND_ATTEMPTS} times with doubling pauses. A send that timed out may have arrived after
     * all; the duplicate is harmless (a worker runs a partition only after claiming it). A missing queue fails at once.
     */
    private void send(List<Message<String>> batch) {
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                if (requests.send(new GenericMessage<>(batch))) {
                    return;
                }
                failure = new IllegalStateException("the partition request channel refused a batch of "
                        + batch.size());
            } catch (RuntimeException e) {
                failure = e;
            }
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            boolean missingQueue = cause.getClass().getSimpleName().contains("QueueDoesNotExist")
                    || String.valueOf(cause.getMessage()).contains("does not exist");
            if (missingQueue || attempt >= SEND_ATTEMPTS) {
                throw new IllegalStateException("cannot send partition requests to SQS" + (missingQueue ? ""
                        : " after " + attempt + " attempts") + ": " + reason + " (check benchfleet.sqs.queue and the "
                        + "queue's existence and permissions)", failure);
            }
            long pause = retryPause.toMillis() << (attempt - 1);
            log.warn("sending {} partition requests failed ({}); attempt {} of {} in {} ms", batch.size(), reason,
                    attempt + 1, SEND_ATTEMPTS, pause);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while retrying a partition request batch", e);
            }
        }
    }
}
