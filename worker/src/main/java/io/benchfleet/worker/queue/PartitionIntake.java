package io.benchfleet.worker.queue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.benchfleet.jobdefs.message.PartitionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Takes the queue's messages into this worker's slots: decodes the request, admits it through the {@link IntakeGate}
 * and hands it to the {@link PartitionRequestHandler}. Once the worker is stopping, a message a long poll still hands
 * over is released (visible again at once) and not acknowledged, so another host runs it.
 */
public class PartitionIntake {

    private static final Logger log = LoggerFactory.getLogger(PartitionIntake.class);

    private final PartitionRequestHandler handler;
    private final IntakeGate gate = new IntakeGate();

    public PartitionIntake(PartitionRequestHandler handler) {
        this.handler = handler;
    }

    /** Handles one message on behalf of worker slot {@code workerId}; returning normally acknowledges it. */
    public void accept(Message<?> message, String workerId) {
        PartitionRequest request = handler.decode(body(message));
        Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
        if (!gate.admit(request.partitionKey())) {
            release(visibility);
            throw new WorkerStoppingException("worker " + workerId + " is stopping: partition "
                    + request.partitionKey() + " released to the queue for another host");
        }
        try {
            handler.handle(request, workerId, visibility);
        } finally {
            gate.leave(request.partitionKey());
        }
    }

    /** Takes no more messages; returns the partitions still running here. */
    public List<String> close() {
        return gate.close();
    }

    private static void release(Visibility visibility) {
        if (visibility == null) {
            return;
        }
        try {
            visibility.changeToAsync(0).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("could not release a message at stop (it returns to the queue after its visibility timeout): {}",
                    e.getMessage());
        }
    }

    private static String body(Message<?> message) {
        Object payload = message.getPayload();
        return payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(payload);
    }

    /** A message arrived while the worker is stopping; it was released to the queue, not run. */
    public static class WorkerStoppingException extends RuntimeException {
        public WorkerStoppingException(String message) {
            super(message);
        }
    }
}
