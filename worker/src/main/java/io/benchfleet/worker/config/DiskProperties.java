package io.benchfleet.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code benchfleet.worker.disk.*}: the disk guard. Before it takes a partition the worker checks the free space of
 * its jobs directory's file system (and of {@code paths}); below {@code minFree} it stops taking work and reports
 * {@code draining: disk} until space is freed (the janitor prunes images first).
 *
 * @param minFree      free space each checked file system must keep (default 10GB; {@code --local} uses 512MB)
 * @param paths        further directories whose file systems are checked, e.g. Docker's data root when it is on its
 *                     own volume (the jobs directory is always checked)
 * @param recheckAfter while draining, a slot that received a message releases it to the queue and waits this long
 *                     before it polls again (so a full host does not spin on the queue)
 */
@ConfigurationProperties("benchfleet.worker.disk")
public record DiskProperties(DataSize minFree, List<Path> paths, Duration recheckAfter) {

    public DiskProperties {
        minFree = minFree == null ? DataSize.ofGigabytes(10) : minFree;
        paths = paths == null ? List.of() : List.copyOf(paths);
        recheckAfter = recheckAfter == null ? Duration.ofSeconds(30) : recheckAfter;
        if (minFree.isNegative()) {
            throw new IllegalArgumentException("benchfleet.worker.disk.min-free must not be negative, was " + minFree);
        }
    }

    /** Defaults everywhere. */
    public static DiskProperties defaults() {
        return new DiskProperties(null, null, null);
    }
}
