package io.benchfleet.worker.host;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.benchfleet.jobdefs.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * This host's row in the {@link WorkerRegistry}: registered before the consumers start, beaten every heartbeat
 * interval on Spring's {@link TaskScheduler} with the slots running a trial and the draining reason, and marked gone
 * after the consumers stopped. A beat that fails (repository unreachable) is logged and tried again next interval;
 * the row then expires and comes back with the next beat.
 */
public class HostRegistration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HostRegistration.class);

    private final WorkerRegistry registry;
    private final Supplier<WorkerRegistry.Registration> registration;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final IntSupplier busySlots;
    private final Supplier<String> drainingReason;
    private final Supplier<HostStart.BootToReady> bootToReady;
    private volatile WorkerRegistry.Registration registered;
    private volatile boolean readyRecorded;
    private volatile ScheduledFuture<?> beats;

    /**
     * @param registration   what the host offers, read once at start (the instance id may take a metadata call)
     * @param busySlots      slots running a trial now
     * @param drainingReason why the host takes nothing now, null while it takes partitions
     * @param bootToReady    the host's boot-to-ready time once it is ready, null before (or when not known)
     */
    public HostRegistration(WorkerRegistry registry, Supplier<WorkerRegistry.Registration> registration,
            TaskScheduler scheduler, Duration interval, IntSupplier busySlots, Supplier<String> drainingReason,
            Supplier<HostStart.BootToReady> bootToReady) {
        this.registry = registry;
        this.registration = registration;
        this.scheduler = scheduler;
        this.interval = interval;
        this.busySlots = busySlots;
        this.drainingReason = drainingReason;
        this.bootToReady = bootToReady;
    }

    @Override
    public synchronized void start() {
        WorkerRegistry.Registration host = registration.get();
        try {
            registry.register(host);
            log.info("registered worker host {} (group {}, instance {}, {} slots, {})", host.hostId(), host.group(),
                    host.instanceId() == null ? "-" : host.instanceId(), host.slots(), host.executor());
        } catch (RuntimeException e) {
            log.warn("worker host {} not registered yet ({}); the next heartbeat registers it", host.hostId(),
                    Messages.rootMessage(e));
        }
        registered = host;
        readyRecorded = false;
        beats = scheduler.scheduleWithFixedDelay(this::beat, Instant.now().plus(interval), interval);
    }

    /**
     * One heartbeat now (also the scheduler's task, and run when the host becomes ready): with the host's
     * boot-to-ready time until the registry has it, so a repository outage at that moment loses nothing.
     */
    public void beat() {
        WorkerRegistry.Registration host = registered;
        if (host == null) {
            return;
        }
        try {
            registry.beat(host.hostId(), host.slots(), busySlots.getAsInt(), drainingReason.get());
            HostStart.BootToReady measured = bootToReady.get();
            if (measured != null && !readyRecorded) {
                registry.ready(host.hostId(), measured);
                readyRecorded = true;
            }
        } catch (RuntimeException e) {
            log.warn("worker registry heartbeat of {} failed: {}; retrying next interval", host.hostId(),
                    Messages.rootMessage(e));
        }
    }

    @Override
    public synchronized void stop() {
        if (beats != null) {
            beats.cancel(false);
            beats = null;
        }
        WorkerRegistry.Registration host = registered;
        registered = null;
        if (host == null) {
            return;
        }
        try {
            registry.leave(host.hostId(), "stopped");
        } catch (RuntimeException e) {
            log.warn("worker host {} could not mark itself gone ({}); its row expires after the lease", host.hostId(),
                    Messages.rootMessage(e));
        }
    }

    @Override
    public boolean isRunning() {
        return registered != null;
    }

    /** Registers before the consumers start ({@code WorkerConsumers}' phase) and leaves after they stopped. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
