package io.benchfleet.worker.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
    private static final Path UPTIME = Path.of("/proc/uptime");

    /** Why a host takes no partitions. */
    public static final String DISK = "disk";
    public static final String STOPPING = "stopping";

    private final String host;
    private final DiskGuard disk;
    private final LocalTrialDirectories trialDirectories;
    private final BooleanSupplier consumersRunning;
    private final Clock clock;
    private volatile boolean consumersStarted;
    private volatile boolean executorReady;
    private volatile Instant readyAt;
    private volatile Long bootToReadySeconds;
    private volatile String drainReason;

    /**
     * @param consumersRunning whether the SQS consumers take messages now
     * @param executorReady    whether the trial executor is ready from the start (the docker executor reports it
     *                         later, through {@link #executorReady()})
     */
    public HostStatus(String host, DiskGuard disk, LocalTrialDirectories trialDirectories,
            BooleanSupplier consumersRunning, boolean executorReady, Clock clock) {
        this.host = host;
        this.disk = disk;
        this.trialDirectories = trialDirectories;
        this.consumersRunning = consumersRunning;
        this.executorReady = executorReady;
        this.clock = clock;
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
     * @param bootToReadySeconds  seconds from the host's boot (kernel uptime) to then, null when unknown
     */
    public record State(String host, boolean draining, List<String> drainingReasons, DiskState disk,
            int trialDirsNotRemoved, Instant readyAt, Long bootToReadySeconds) {
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
                readyAt, bootToReadySeconds);
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

    /**
     * The first moment both hold is when the host became ready; the seconds since the kernel booted then are the
     * host's boot-to-ready time, the figure {@code benchfleet.fleet.startup-overhead} should be set from.
     */
    private synchronized void maybeReady() {
        if (readyAt != null || !consumersStarted || !executorReady) {
            return;
        }
        readyAt = clock.instant();
        bootToReadySeconds = secondsSinceBoot();
        log.info("worker {} ready: taking partitions {} s after the host booted", host,
                bootToReadySeconds == null ? "(unknown)" : bootToReadySeconds);
    }

    /** Whole seconds since the kernel booted ({@code /proc/uptime}), null where there is no such file. */
    static Long secondsSinceBoot() {
        try {
            String first = Files.readString(UPTIME).trim().split("\\s+")[0];
            return (long) Double.parseDouble(first);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public DiskGuard disk() {
        return disk;
    }

    public LocalTrialDirectories trialDirectories() {
        return trialDirectories;
    }
}
