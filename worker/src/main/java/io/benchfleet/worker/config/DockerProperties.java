package io.benchfleet.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
        String harborExecutable) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

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
    }

    /** Defaults everywhere (DOCKER_HOST or the unix socket). */
    public static DockerProperties defaults() {
        return new DockerProperties(null, null, null, null, null, null, null, null);
    }

    /** The unix socket path of {@link #host()}, or null for a tcp/ssh daemon. */
    public String socketPath() {
        return host.startsWith("unix://") ? host.substring("unix://".length()) : null;
    }
}
