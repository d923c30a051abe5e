package io.benchfleet.worker.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether this worker still takes partitions. Open while the worker runs; a graceful stop closes it. A consumer's
 * long poll may still hand over a message after the stop began: such a message is not admitted, and the caller
 * releases it to the queue so another host runs it. Admission and closing are ordered by one lock, so the partitions
 * {@link #close()} reports as running are exactly the ones this worker runs after the stop.
 */
public class IntakeGate {

    private final List<String> running = new ArrayList<>();
    private boolean closed;

    /** True (and {@code partitionKey} counted as running) while the gate is open; false once it is closed. */
    public synchronized boolean admit(String partitionKey) {
        if (closed) {
            return false;
        }
        running.add(partitionKey);
        return true;
    }

    /** An admitted partition's handling ended (whatever its outcome). */
    public synchronized void leave(String partitionKey) {
        running.remove(partitionKey);
    }

    /** Admits nothing more; returns the partitions admitted and still running, in admission order. */
    public synchronized List<String> close() {
        closed = true;
        return new ArrayList<>(running);
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
