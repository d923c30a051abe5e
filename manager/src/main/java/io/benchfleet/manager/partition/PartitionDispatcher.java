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
import io.benchfleet.worker.config.WorkerConfiguration;
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

    private final MessageChannel requests;
    private final int inFlight;
    private final PartitionRequestCodec codec = new PartitionRequestCodec();

    public PartitionDispatcher(MessageChannel requests, int inFlight) {
        this.requests = requests;
        this.inFlight = inFlight;
    }

    /**
     * A dispatch that sends partitions while they are still being created: each full batch of ten goes out at once
     * (a few batches in flight), so the longest trials, created first, start while the rest are being created.
     */
    public Stream stream() {
        return new Stream();
    }

    public final class Stream {
        private final ExecutorService senders = Executors.newFixedThreadPool(Math.max(1, inFlight));
        private final List<StepExecution> buffer = new ArrayList<>(SQS_BATCH);
        private final List<Future<?>> sent = new ArrayList<>();
        private final java.util.Set<Long> ids = new java.util.HashSet<>();

        public synchronized void accept(StepExecution partition) {
            if (ids.add(partition.getId())) {
                buffer.add(partition);
                if (buffer.size() == SQS_BATCH) {
                    flush();
                }
            }
        }

        private void flush() {
            List<Message<String>> batch = messages(buffer, 0);
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
        List<List<Message<String>>> batches = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i += SQS_BATCH) {
            batches.add(messages(partitions.subList(i, Math.min(partitions.size(), i + SQS_BATCH)), delaySeconds));
        }
        ExecutorService senders = Executors.newFixedThreadPool(Math.max(1, Math.min(inFlight, batches.size())));
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (List<Message<String>> batch : batches) {
                sent.add(senders.submit(() -> send(batch)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            senders.shutdownNow();
        }
    }

    private List<Message<String>> messages(List<StepExecution> partitions, int delaySeconds) {
        List<Message<String>> batch = new ArrayList<>(partitions.size());
        for (StepExecution partition : partitions) {
            String key = partition.getExecutionContext().getString(PartitionContextKeys.KEY);
            String body = codec.encode(new PartitionRequest(WorkerConfiguration.TRIAL_STEP,
                    partition.getJobExecutionId(), partition.getId(), key));
            batch.add(delaySeconds <= 0 ? new GenericMessage<>(body)
                    : MessageBuilder.withPayload(body).setHeader(SqsHeaders.SQS_DELAY_HEADER,
                            Math.min(900, delaySeconds)).build());
        }
        return batch;
    }

    private void send(List<Message<String>> batch) {
        boolean sent;
        try {
            sent = requests.send(new GenericMessage<>(batch));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot send partition requests to SQS: " + NestedExceptionUtils.getMostSpecificCause(e).getMessage()
                    + " (check benchfleet.sqs.queue and the queue's existence and permissions)", e);
        }
        if (!sent) {
            throw new IllegalStateException("the partition request channel refused a batch of " + batch.size());
        }
    }
}
