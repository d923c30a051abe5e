package io.benchfleet.worker.docker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trials this executor runs now (their Harbor {@code -o} directories, {@code <jobs-dir>/se-<step execution>}),
 * and the longest wall-clock limit of any trial it ran: the janitor leaves what mounts the former alone and, by
 * default, removes leftovers older than the latter.
 */
public class RunningTrials {

    private final Set<Path> trialDirs = ConcurrentHashMap.newKeySet();
    private final AtomicLong longestLimitSeconds = new AtomicLong();

    void started(Path trialJobsDir, long limitSeconds) {
        trialDirs.add(trialJobsDir.toAbsolutePath().normalize());
        longestLimitSeconds.accumulateAndGet(limitSeconds, Math::max);
    }

    void finished(Path trialJobsDir) {
        trialDirs.remove(trialJobsDir.toAbsolutePath().normalize());
    }

    /** Whether {@code path} lies in the directory of a running trial. */
    public boolean running(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return trialDirs.stream().anyMatch(p::startsWith);
    }

    /** The longest wall-clock limit of the trials run so far; zero before the first. */
    public Duration longestLimit() {
        return Duration.ofSeconds(longestLimitSeconds.get());
    }
}
