package io.benchfleet.worker.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

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
    /** The running drain's deadline; null until a drain begins. */
    private volatile DrainDeadline deadline;

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
        return deadline != null;
    }

    /**
     * Drains for {@code reason} with {@code grace} for the running trials, on the calling thread; returns the
     * partitions interrupted. A second call (another notice while draining) returns empty at once; it only brings
     * the running drain's deadline forward when it leaves less time (a spot notice during a lifecycle drain).
     */
    public List<String> drain(String reason, Duration grace) throws InterruptedException {
        DrainDeadline until = new DrainDeadline(Clock.systemUTC(), grace);
        synchronized (this) {
            if (deadline != null) {
                shorten(reason, grace);
                return List.of();
            }
            deadline = until;
        }
        log.warn("draining for {}: {} trial(s) running, grace {}", reason, consumers.busySlots(), grace);
        status.draining(reason);
        registration.beat();
        lifecycle.heartbeat();
        ScheduledFuture<?> beats = scheduler.scheduleAtFixedRate(lifecycle::heartbeat,
                Instant.now().plus(hookHeartbeat), hookHeartbeat);
        List<String> interrupted;
        try {
            interrupted = consumers.drain(until);
        } finally {
            beats.cancel(false);
        }
        registration.beat();
        lifecycle.complete();
        return interrupted;
    }

    private synchronized void shorten(String reason, Duration grace) {
        if (deadline.shorten(grace)) {
            log.warn("draining: {} leaves {} - the running trials' grace is shortened to it", reason, grace);
        }
    }

    /** The running drain's time left for its trials; empty before a drain began. */
    public Optional<Duration> remaining() {
        DrainDeadline running = deadline;
        return running == null ? Optional.empty() : Optional.of(running.remaining());
    }

    /** {@link #drain} on a thread of its own (a notice watcher must not block). */
    public synchronized void drainInBackground(String reason, Duration grace) {
        if (deadline != null) {
            shorten(reason, grace);
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
