package io.benchfleet.worker.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The free space of the file systems a worker writes to, against the threshold it must keep.
 *
 * @param volumes      one entry per checked directory
 * @param minFreeBytes the threshold ({@code benchfleet.worker.disk.min-free})
 */
public record DiskState(List<Volume> volumes, long minFreeBytes) {

    public DiskState {
        volumes = List.copyOf(volumes);
    }

    /**
     * One checked directory and its file system's space.
     *
     * @param path        the directory (the jobs directory, or one of {@code benchfleet.worker.disk.paths})
     * @param usableBytes what this process may still write there; -1 when it could not be read
     * @param totalBytes  the file system's size; -1 when it could not be read
     * @param problem     why the space could not be read, else null
     */
    public record Volume(Path path, long usableBytes, long totalBytes, String problem) {

        boolean low(long minFreeBytes) {
            return problem != null || usableBytes < minFreeBytes;
        }
    }

    /** True when a checked file system has less than the threshold free (or could not be read). */
    public boolean low() {
        return volumes.stream().anyMatch(v -> v.low(minFreeBytes));
    }

    /** One line for logs and health: {@code /var/lib/benchfleet/jobs 3.2 GB free of 150.0 GB (needs 10.0 GB)}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Volume v : volumes) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(v.path()).append(' ');
            if (v.problem() != null) {
                text.append("unreadable (").append(v.problem()).append(')');
            } else {
                text.append(gigabytes(v.usableBytes())).append(" free of ").append(gigabytes(v.totalBytes()));
            }
        }
        return text.append(" (needs ").append(gigabytes(minFreeBytes)).append(" free, benchfleet.worker.disk.min-free)")
                .toString();
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
