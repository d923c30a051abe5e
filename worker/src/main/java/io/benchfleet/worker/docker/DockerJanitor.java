package io.benchfleet.worker.docker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.benchfleet.worker.host.DiskGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker executor's periodic clean-up ({@code benchfleet.worker.docker.janitor-interval}), for what the
 * per-trial clean-up could miss: Harbor compose projects that mount this worker's jobs directory and this worker's
 * benchfleet containers, when no running trial owns them and they are older than the longest trial limit
 * ({@code janitor-max-age}); then image pruning above the cap, and a fresh disk check.
 */
public class DockerJanitor {

    private static final Logger log = LoggerFactory.getLogger(DockerJanitor.class);

    private final DockerClient docker;
    private final String host;
    private final String workerHost;
    private final Path jobsRoot;
    private final HarborComposeProjects compose;
    private final RunningTrials running;
    private final Duration maxAge;
    private final Duration stopGrace;
    private final ImagePruner images;
    private final DiskGuard disk;
    private final Clock clock;

    /** @param maxAge what counts as left over; null: the longest trial limit seen plus {@code stopGrace} */
    public DockerJanitor(DockerClient docker, String host, String workerHost, Path jobsRoot,
            HarborComposeProjects compose, RunningTrials running, Duration maxAge, Duration stopGrace,
            ImagePruner images, DiskGuard disk, Clock clock) {
        this.docker = docker;
        this.host = host;
        this.workerHost = workerHost;
        this.jobsRoot = jobsRoot.toAbsolutePath().normalize();
        this.compose = compose;
        this.running = running;
        this.maxAge = maxAge;
        this.stopGrace = stopGrace;
        this.images = images;
        this.disk = disk;
        this.clock = clock;
    }

    /** What one sweep removed. */
    public record Sweep(int projects, int containers, long imageBytes) {
    }

    /** One sweep; Docker failures are logged, the next sweep tries again. */
    public Sweep sweep() {
        int projects = 0;
        int containers = 0;
        Duration age = maxAge != null ? maxAge
                : running.longestLimit().isZero() ? null : running.longestLimit().plus(stopGrace);
        if (age != null) {
            Instant cutoff = clock.instant().minus(age);
            projects = compose.remove(compose.under(jobsRoot).stream()
                    .filter(p -> p.created().isBefore(cutoff))
                    .filter(p -> p.containers().stream().noneMatch(this::ofRunningTrial))
                    .toList(), "left over for more than " + age + " (janitor)");
            containers = removeOldBenchfleetContainers(cutoff, age);
        }
        long bytes = 0;
        if (images != null) {
            try {
                bytes = images.prune();
            } catch (RuntimeException e) {
                log.warn("janitor: image pruning failed: {}", DockerClients.rootMessage(e));
            }
        }
        if (disk != null) {
            disk.admits();
        }
        return new Sweep(projects, containers, bytes);
    }

    private boolean ofRunningTrial(Container c) {
        return c.getMounts() != null && c.getMounts().stream().anyMatch(m -> m.getSource() != null
                && running.running(Path.of(m.getSource())));
    }

    private int removeOldBenchfleetContainers(Instant cutoff, Duration age) {
        List<Container> mine;
        try {
            mine = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(BenchfleetLabels.WORKER, workerHost)).exec();
        } catch (RuntimeException e) {
            log.warn("janitor: cannot list containers: {}", DockerClients.rootMessage(DockerClients.translate(e,
                    host)));
            return 0;
        }
        int removed = 0;
        for (Container c : mine) {
            Instant created = c.getCreated() == null ? Instant.EPOCH : Instant.ofEpochSecond(c.getCreated());
            if (!created.isBefore(cutoff) || ofRunningTrial(c)) {
                continue;
            }
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
                log.warn("janitor: removed container {} of partition {}, left over for more than {}",
                        c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0],
                        c.getLabels().get(BenchfleetLabels.PARTITION), age);
            } catch (NotFoundException e) {
                log.debug("container {} already removed", c.getId());
            } catch (RuntimeException e) {
                log.warn("janitor: could not remove container {}: {}", c.getId(), DockerClients.rootMessage(e));
            }
        }
        return removed;
    }
}
