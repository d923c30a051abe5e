package io.benchfleet.worker.host;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.benchfleet.jobdefs.Messages;
import io.benchfleet.worker.config.DiskProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this host has the disk space to take another partition: the jobs directory's file system (and those of
 * {@code benchfleet.worker.disk.paths}) must keep {@code min-free} free. Checked before each partition is admitted
 * (a {@code statfs} per directory) and by the janitor. When space runs low the guard first asks the
 * {@link SpaceReclaimer} (image pruning) to free some, at most once per {@code recheck-after}; if that does not help
 * the host drains: it takes no partition until space is back, and says so ({@code draining: disk}) in its health and
 * its {@link HostStatus}. Transitions are logged once each, not per message.
 */
public class DiskGuard {

    private static final Logger log = LoggerFactory.getLogger(DiskGuard.class);

    /** Frees disk space on request; returns what it removed, in bytes. */
    @FunctionalInterface
    public interface SpaceReclaimer {
        long reclaim(long bytesWanted);
    }

    private final List<Path> paths;
    private final DiskProperties properties;
    private final Clock clock;
    private volatile SpaceReclaimer reclaimer = wanted -> 0;
    private volatile DiskState last;
    private volatile boolean low;
    private volatile Instant lastReclaim = Instant.MIN;

    public DiskGuard(Path jobsDir, DiskProperties properties, Clock clock) {
        Set<Path> all = new LinkedHashSet<>();
        all.add(jobsDir.toAbsolutePath().normalize());
        properties.paths().forEach(p -> all.add(p.toAbsolutePath().normalize()));
        this.paths = List.copyOf(all);
        this.properties = properties;
        this.clock = clock;
    }

    /** Image pruning (the docker executor): asked for space before the host drains. */
    public void reclaimWith(SpaceReclaimer reclaimer) {
        this.reclaimer = reclaimer;
    }

    /** How long a slot that released a message waits before it polls again while the host drains. */
    public Duration recheckAfter() {
        return properties.recheckAfter();
    }

    /** True when there is room for a partition (after asking the reclaimer, if space was low). */
    public boolean admits() {
        DiskState state = measure();
        if (state.low() && reclaimDue()) {
            long wanted = state.volumes().stream().filter(v -> v.problem() == null)
                    .mapToLong(v -> Math.max(0, state.minFreeBytes() - v.usableBytes())).max().orElse(0);
            try {
                long freed = reclaimer.reclaim(wanted);
                if (freed > 0) {
                    log.info("disk space low ({}): freed {} by pruning images", state.describe(),
                            DiskState.gigabytes(freed));
                }
            } catch (RuntimeException e) {
                log.warn("disk space low and freeing space failed: {}", Messages.oneLine(e.getMessage()));
            }
            return record(measure());
        }
        return record(state);
    }

    /** The last measurement (measures now if there is none yet). */
    public DiskState state() {
        DiskState state = last;
        return state == null ? measure() : state;
    }

    /** Whether the host is draining for lack of disk space, as of the last check. */
    public boolean draining() {
        return low;
    }

    private boolean reclaimDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastReclaim.plus(properties.recheckAfter()))) {
            return false;
        }
        lastReclaim = now;
        return true;
    }

    private synchronized boolean record(DiskState state) {
        last = state;
        boolean nowLow = state.low();
        if (nowLow && !low) {
            log.warn("draining: disk - taking no partitions until space is freed: {}", state.describe());
        } else if (!nowLow && low) {
            log.info("disk space back ({}): taking partitions again", state.describe());
        }
        low = nowLow;
        return !nowLow;
    }

    /** Measures every checked directory now (the nearest existing ancestor of one not created yet). */
    public DiskState measure() {
        List<DiskState.Volume> volumes = new ArrayList<>();
        for (Path path : paths) {
            try {
                FileStore store = Files.getFileStore(existing(path));
                volumes.add(new DiskState.Volume(path, store.getUsableSpace(), store.getTotalSpace(), null));
            } catch (IOException | RuntimeException e) {
                volumes.add(new DiskState.Volume(path, -1, -1, Messages.oneLine(String.valueOf(e.getMessage()))));
            }
        }
        DiskState state = new DiskState(volumes, properties.minFree().toBytes());
        last = state;
        return state;
    }

    private static Path existing(Path path) throws IOException {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no existing ancestor of " + path);
        }
        return p;
    }
}
