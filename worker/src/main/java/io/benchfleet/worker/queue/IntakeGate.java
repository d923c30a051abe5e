package io.benchfleet.worker.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this worker still takes partitions. Open while the worker runs; a graceful stop or a drain closes it. A
 * consumer's long poll may still hand over a message after the stop began: such a message is not admitted, and the
 * caller releases it to the queue so another host runs it. Admission and closing are ordered by one lock, so the
 * partitions {@link #close()} reports as running are exactly the ones this worker runs after the stop. A drain then
 * waits for them ({@link #awaitIdle}) and interrupts those still running when its grace is over
 * ({@link #interruptRunning()}): each then ends as an INFRA failure that the manager retries on another host.
 */
public class IntakeGate {

    private record Admitted(String partitionKey, Thread thread) {
    }

    private final List<Admitted> running = new ArrayList<>();
    private boolean closed;

    /** True (and {@code partitionKey} counted as running on this thread) while open; false once closed. */
    public synchronized boolean admit(String partitionKey) {
        if (closed) {
            return false;
        }
        running.add(new Admitted(partitionKey, Thread.currentThread()));
        return true;
    }

    /** An admitted partition's handling ended (whatever its outcome). */
    public synchronized void leave(String partitionKey) {
        Thread self = Thread.currentThread();
        Admitted mine = running.stream().filter(a -> a.partitionKey().equals(partitionKey) && a.thread() == self)
                .findFirst().orElse(running.stream().filter(a -> a.partitionKey().equals(partitionKey)).findFirst()
                        .orElse(null));
        running.remove(mine);
        notifyAll();
    }

    /** Admits nothing more; returns the partitions admitted and still running, in admission order. */
    public synchronized List<String> close() {
        closed = true;
        return keys();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Partitions running now. */
    public synchronized List<String> keys() {
        return running.stream().map(Admitted::partitionKey).toList();
    }

    /** Waits up to {@code max} for every admitted partition to leave; true when none runs any more. */
    public synchronized boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!running.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Interrupts the threads running admitted partitions; returns their partitions. */
    public synchronized List<String> interruptRunning() {
        running.forEach(a -> a.thread().interrupt());
        return keys();
    }
}
