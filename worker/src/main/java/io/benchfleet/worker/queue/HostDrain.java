package io.benchfleet.worker.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.benchfleet.worker.host.HostRegistration;
import io.benchfleet.worker.host.HostStatus;
import io.benchfleet.worker.host.LifecycleAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * Drains this host once, for a lifecycle hook, a spot interruption notice or a rebalance recommendation: the registry
 * row says {@code draining} and why (the fleet controller counts no free slot here), the consumers take nothing more
 * and release what a poll still hands over ({@link WorkerConsumers#drain}), running trials finish within the grace or
 * are interrupted and run again elsewhere, a heartbeat is recorded on the lifecycle hook every
 * {@code hookHeartbeat} meanwhile, and the lifecycle action is completed at the end so the group terminates the host
 * without waiting for the hook's timeout.
 */
public class HostDrain {

    private static final Logger log = LoggerFactory.getLogger(HostDrain.class);

    private final WorkerConsumers consumers;
    private final HostStatus status;
    private final HostRegistration registration;
    private final LifecycleAction lifecycle;
    private final TaskScheduler scheduler;
    private final Duration hookHeartbeat;
    private final AtomicBoolean started = new AtomicBoolean();

    public HostDrain(WorkerConsumers consumers, HostStatus status, HostRegistration registration,
            LifecycleAction lifecycle, TaskScheduler scheduler, Duration hookHeartbeat) {
        this.consumers = consumers;
        this.status = status;
        this.registration = registration;
        this.lifecycle = lifecycle;
        this.scheduler = scheduler;
        this.hookHeartbeat = hookHeartbeat;
    }

    /** Whether a drain began. */
    public boolean started() {
        return started.get();
    }

    /**
     * Drains for {@code reason} with {@code grace} for the running trials, on the calling thread; returns the
     * partitions interrupted. A second call (another notice while draining) changes nothing and returns empty.
     */
    public List<String> drain(String reason, Duration grace) throws InterruptedException {
        if (!started.compareAndSet(false, true)) {
            return List.of();
        }
        log.warn("draining for {}: {} trial(s) running, grace {}", reason, consumers.busySlots(), grace);
        status.draining(reason);
        registration.beat();
        lifecycle.heartbeat();
        ScheduledFuture<?> beats = scheduler.scheduleAtFixedRate(lifecycle::heartbeat,
                Instant.now().plus(hookHeartbeat), hookHeartbeat);
        List<String> interrupted;
        try {
            interrupted = consumers.drain(grace);
        } finally {
            beats.cancel(false);
        }
        registration.beat();
        lifecycle.complete();
        return interrupted;
    }

    /** {@link #drain} on a thread of its own (a notice watcher must not block). */
    public void drainInBackground(String reason, Duration grace) {
        if (started.get()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                drain(reason, grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("drain for {} failed: {}", reason, e.getMessage(), e);
            }
        }, "benchfleet-drain");
        t.start();
    }
}
