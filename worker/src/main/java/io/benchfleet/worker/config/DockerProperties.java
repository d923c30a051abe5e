package io.benchfleet.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * {@code benchfleet.worker.docker.*}: the {@code docker} and {@code process} executors (Harbor in Docker / on the
 * host).
 *
 * @param host            Docker daemon, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://host:2375}; default
 *                        the {@code DOCKER_HOST} environment variable, else {@code unix:///var/run/docker.sock}
 * @param registryPath    pinned Harbor {@code registry.json} on the host (passed as {@code --registry-path} and
 *                        bind-mounted read-only at the same path); null uses Harbor's online hub
 * @param prepullImages   images pulled at worker start (the Harbor image of the coming runs); readiness reports them
 * @param networkMode     network of the Harbor container ({@code none} in tests); null is Docker's default bridge
 * @param pullTimeout     how long one image pull may take
 * @param stopGrace       on timeout/stop Harbor first gets SIGTERM for this long (to tear down its task containers),
 *                        then SIGKILL; zero kills at once
 * @param removeOrphans   remove this host's leftover benchfleet containers at start (a crashed worker's trials)
 * @param harborExecutable the {@code harbor} CLI of the {@code process} executor (and inside the image)
 * @param trialOwner      {@code uid:gid} that must own every file of a trial directory, so the worker can archive and
 *                        delete it: the Harbor container runs as this user (Harbor then gives the task containers'
 *                        files to it too), and what still belongs to someone else afterwards (a killed trial) is
 *                        handed over by a short root container; default the worker's own uid:gid
 * @param janitorInterval how often the janitor looks for leftover containers and networks, prunes images and checks
 *                        the disk (default 5m)
 * @param janitorMaxAge   a leftover Harbor container or compose project older than this is removed by the janitor;
 *                        default the longest wall-clock limit of the trials this worker ran, plus {@code stopGrace}
 * @param imageCap        images beyond this total size are pruned, least recently used first (default 60GB)
 * @param pruneImages     which images the pruning may remove (glob patterns on {@code repository:tag}; default all),
 *                        never the pre-pulled images or an image a container uses
 */
@ConfigurationProperties("benchfleet.worker.docker")
public record DockerProperties(
        String host,
        Path registryPath,
        List<String> prepullImages,
        String networkMode,
        Duration pullTimeout,
        Duration stopGrace,
        Boolean removeOrphans,
        String harborExecutable,
        String trialOwner,
        Duration janitorInterval,
        Duration janitorMaxAge,
        DataSize imageCap,
        List<String> pruneImages) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /** The constructor Spring binds (the other one keeps earlier callers compiling). */
    @ConstructorBinding
    public DockerProperties {
        if (host == null || host.isBlank()) {
            String env = System.getenv("DOCKER_HOST");
            host = env == null || env.isBlank() ? DEFAULT_HOST : env;
        }
        prepullImages = prepullImages == null ? List.of() : List.copyOf(prepullImages);
        networkMode = networkMode == null || networkMode.isBlank() ? null : networkMode;
        pullTimeout = pullTimeout == null ? Duration.ofMinutes(30) : pullTimeout;
        stopGrace = stopGrace == null ? Duration.ofSeconds(30) : stopGrace;
        removeOrphans = removeOrphans == null || removeOrphans;
        harborExecutable = harborExecutable == null || harborExecutable.isBlank() ? "harbor" : harborExecutable;
        trialOwner = trialOwner == null || trialOwner.isBlank() ? null : trialOwner.strip();
        if (trialOwner != null && !trialOwner.matches("\\d+:\\d+")) {
            throw new IllegalArgumentException("benchfleet.worker.docker.trial-owner must be uid:gid in numbers, e.g. "
                    + "1001:1001, was '" + trialOwner + "'");
        }
        janitorInterval = janitorInterval == null ? Duration.ofMinutes(5) : janitorInterval;
        imageCap = imageCap == null ? DataSize.ofGigabytes(60) : imageCap;
        pruneImages = pruneImages == null ? List.of("*") : List.copyOf(pruneImages);
    }

    /** The settings of benchfleet 0.1's executor; the host hygiene settings keep their defaults. */
    public DockerProperties(String host, Path registryPath, List<String> prepullImages, String networkMode,
            Duration pullTimeout, Duration stopGrace, Boolean removeOrphans, String harborExecutable) {
        this(host, registryPath, prepullImages, networkMode, pullTimeout, stopGrace, removeOrphans, harborExecutable,
                null, null, null, null, null);
    }

    /** Defaults everywhere (DOCKER_HOST or the unix socket). */
    public static DockerProperties defaults() {
        return new DockerProperties(null, null, null, null, null, null, null, null);
    }

    /** This configuration with the trial directories owned by {@code uid:gid}. */
    public DockerProperties withTrialOwner(String uidGid) {
        return new DockerProperties(host, registryPath, prepullImages, networkMode, pullTimeout, stopGrace,
                removeOrphans, harborExecutable, uidGid, janitorInterval, janitorMaxAge, imageCap, pruneImages);
    }

    /** The unix socket path of {@link #host()}, or null for a tcp/ssh daemon. */
    public String socketPath() {
        return host.startsWith("unix://") ? host.substring("unix://".length()) : null;
    }
}
