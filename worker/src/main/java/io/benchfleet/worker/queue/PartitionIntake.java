package io.benchfleet.worker.queue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.awspring.cloud.sqs.listener.Visibility;
import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.worker.host.DiskGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Takes the queue's messages into this worker's slots: decodes the request, admits it through the {@link IntakeGate}
 * and hands it to the {@link PartitionRequestHandler}. Once the worker is stopping, a message a long poll still hands
 * over is released (visible again at once) and not acknowledged, so another host runs it. The same happens while the
 * host is short of disk space ({@link DiskGuard}): the message is released, and the slot waits
 * {@code benchfleet.worker.disk.recheck-after} before it polls again, so a full host neither takes work nor spins on
 * the queue.
 */
public class PartitionIntake {

    private static final Logger log = LoggerFactory.getLogger(PartitionIntake.class);

    private final PartitionRequestHandler handler;
    private final DiskGuard disk;
    private final IntakeGate gate = new IntakeGate();

    public PartitionIntake(PartitionRequestHandler handler) {
        this(handler, null);
    }

    /** @param disk the disk guard, or null to take partitions whatever the free space */
    public PartitionIntake(PartitionRequestHandler handler, DiskGuard disk) {
        this.handler = handler;
        this.disk = disk;
    }

    /** Handles one message on behalf of worker slot {@code workerId}; returning normally acknowledges it. */
    public void accept(Message<?> message, String workerId) {
        PartitionRequest request = handler.decode(body(message));
        Visibility visibility = HeldMessage.of(message);
        if (!gate.admit(request.partitionKey())) {
            release(visibility);
            throw new WorkerStoppingException("worker " + workerId + " is stopping: partition "
                    + request.partitionKey() + " released to the queue for another host");
        }
        if (disk != null && !disk.admits()) {
            gate.leave(request.partitionKey());
            release(visibility);
            pause(disk.recheckAfter());
            throw new HostDrainingException("worker " + workerId + " is draining (disk: " + disk.state().describe()
                    + "): partition " + request.partitionKey() + " released to the queue for another host");
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

    /** Partitions running here now (slots busy). */
    public int running() {
        return gate.keys().size();
    }

    /** After {@link #close()}: waits up to {@code grace} for the running partitions; true when none is left. */
    public boolean awaitIdle(java.time.Duration grace) throws InterruptedException {
        return gate.awaitIdle(grace);
    }

    /** Interrupts the partitions still running (each ends as an INFRA failure, retried elsewhere); returns them. */
    public List<String> interruptRunning() {
        return gate.interruptRunning();
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

    private static void pause(java.time.Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String body(Message<?> message) {
        Object payload = message.getPayload();
        return payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(payload);
    }

    /** A message arrived while the host is short of disk space; it was released to the queue, not run. */
    public static class HostDrainingException extends RuntimeException {
        public HostDrainingException(String message) {
            super(message);
        }
    }

    /** A message arrived while the worker is stopping; it was released to the queue, not run. */
    public static class WorkerStoppingException extends RuntimeException {
        public WorkerStoppingException(String message) {
            super(message);
        }
    }
}
