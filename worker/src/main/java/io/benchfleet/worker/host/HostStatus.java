package io.benchfleet.worker.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker host's condition as one small object, for {@code /actuator/health} and for a worker registry to read:
 * whether it takes partitions, and if not why ({@code draining: disk}, {@code draining: stopping}), its disk, what
 * it could not clean up, and how long it took from boot to taking partitions.
 */
public class HostStatus {

    private static final Logger log = LoggerFactory.getLogger(HostStatus.class);

    /** Why a host takes no partitions. */
    public static final String DISK = "disk";
    public static final String STOPPING = "stopping";

    private final String host;
    private final DiskGuard disk;
    private final LocalTrialDirectories trialDirectories;
    private final BooleanSupplier consumersRunning;
    private final Clock clock;
    private final HostStart start;
    private final Instant processStart;
    private final Duration bootWindow;
    private final List<Runnable> readyListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean consumersStarted;
    private volatile boolean executorReady;
    private volatile Instant readyAt;
    private volatile HostStart.BootToReady bootToReady;
    private volatile String drainReason;

    /**
     * @param consumersRunning whether the SQS consumers take messages now
     * @param executorReady    whether the trial executor is ready from the start (the docker executor reports it
     *                         later, through {@link #executorReady()})
     * @param start            when the host came up (instance launch or kernel boot), null when unknown
     * @param processStart     when this worker process started, null when unknown
     * @param bootWindow       a process started later than this after the host came up is a restart: its ready
     *                         time is no boot-to-ready time
     */
    public HostStatus(String host, DiskGuard disk, LocalTrialDirectories trialDirectories,
            BooleanSupplier consumersRunning, boolean executorReady, Clock clock, HostStart start,
            Instant processStart, Duration bootWindow) {
        this.host = host;
        this.disk = disk;
        this.trialDirectories = trialDirectories;
        this.consumersRunning = consumersRunning;
        this.executorReady = executorReady;
        this.clock = clock;
        this.start = start;
        this.processStart = processStart;
        this.bootWindow = bootWindow;
    }

    /**
     * A snapshot.
     *
     * @param host                the worker's host name
     * @param draining            true when the host takes no partitions
     * @param drainingReasons     {@code disk}, {@code stopping}
     * @param disk                free space against the threshold, as last measured
     * @param trialDirsNotRemoved local trial directories that could not be deleted since start
     * @param readyAt             when the worker first took partitions, null before
     * @param bootToReady         from the host's start (instance launch or kernel boot) to then; null when unknown,
     *                            before ready, or when this process is a restart
     */
    public record State(String host, boolean draining, List<String> drainingReasons, DiskState disk,
            int trialDirsNotRemoved, Instant readyAt, HostStart.BootToReady bootToReady) {
    }

    public State current() {
        List<String> reasons = new ArrayList<>();
        if (disk.draining()) {
            reasons.add(DISK);
        }
        String drain = drainReason;
        if (drain != null) {
            reasons.add(drain);
        } else if (readyAt != null && !consumersRunning.getAsBoolean()) {
            reasons.add(STOPPING);
        }
        return new State(host, !reasons.isEmpty(), List.copyOf(reasons), disk.state(), trialDirectories.notRemoved(),
                readyAt, bootToReady);
    }

    /**
     * The host drains for {@code reason} ({@code lifecycle hook}, {@code spot interruption notice}, ...): it takes
     * nothing more from now on, and says why in its health and its registry row.
     */
    public void draining(String reason) {
        drainReason = reason;
    }

    /** Why the host takes no partitions, comma-separated, or null while it takes them. */
    public String drainingReason() {
        State state = current();
        return state.draining() ? String.join(", ", state.drainingReasons()) : null;
    }

    /** The SQS consumers take partitions. */
    public void consumersStarted() {
        consumersStarted = true;
        maybeReady();
    }

    /** The trial executor can run trials (Docker answers, the pre-pulled images are present). */
    public void executorReady() {
        executorReady = true;
        maybeReady();
    }

    /** {@code listener} runs once, when the host becomes ready (at once if it is already). */
    public void onReady(Runnable listener) {
        readyListeners.add(listener);
        if (readyAt != null) {
            listener.run();
        }
    }

    /** From the host's start to taking partitions; null before, when unknown, or when this process is a restart. */
    public HostStart.BootToReady bootToReady() {
        return bootToReady;
    }

    /**
     * The first moment both hold is when the host became ready; the time from the host's start (instance launch,
     * else kernel boot) to then is its boot-to-ready time, which the registry records for {@code plan}.
     */
    private void maybeReady() {
        synchronized (this) {
            if (readyAt != null || !consumersStarted || !executorReady) {
                return;
            }
            readyAt = clock.instant();
            bootToReady = start == null ? null : start.until(readyAt, processStart, bootWindow);
        }
        if (bootToReady != null) {
            log.info("worker {} ready: taking partitions {} s after the {}", host, bootToReady.seconds(),
                    bootToReady.from());
        } else if (start == null) {
            log.info("worker {} ready: taking partitions (the host's start is unknown)", host);
        } else {
            log.info("worker {} ready: taking partitions; this process started {} s after the {}, a restart: no "
                    + "boot-to-ready time recorded", host, Duration.between(start.at(), processStart).toSeconds(),
                    start.from());
        }
        readyListeners.forEach(Runnable::run);
    }

    public DiskGuard disk() {
        return disk;
    }

    public LocalTrialDirectories trialDirectories() {
        return trialDirectories;
    }
}
