package io.benchfleet.worker.docker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import io.benchfleet.worker.testing.Prerequisite;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Docker daemon for a test class. Uses one that answers at {@code DOCKER_HOST} or
 * {@code /var/run/docker.sock}; else, when running as root, starts a private {@code dockerd} (installing Debian's
 * {@code docker.io} when {@code dockerd} is missing) on its own socket, data root, exec root and pid file, with no
 * bridge and no iptables, and stops it after the class. Otherwise the class is skipped with the reason printed, or
 * fails under {@code CI=true} ({@link Prerequisite}).
 * Containers must then run with network mode {@code none}.
 */
public final class DockerDaemon implements BeforeAllCallback, AfterAllCallback {

    static final Path PRIVATE_DIR = Path.of("/tmp/benchfleet-dockerd");
    static final String PRIVATE_HOST = "unix://" + PRIVATE_DIR.resolve("docker.sock");

    private String host;
    private DockerClient client;
    private Process dockerd;

    public String host() {
        return host;
    }

    public DockerClient client() {
        return client;
    }

    /** True when this fixture started the daemon (it has no bridge: use network mode none). */
    public boolean privateDaemon() {
        return dockerd != null;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** Finds or starts a daemon; skips (fails under CI) the calling tests with a printed reason when neither works. */
    public void start() throws IOException, InterruptedException {
        Set<String> candidates = new LinkedHashSet<>();
        String env = System.getenv("DOCKER_HOST");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("unix:///var/run/docker.sock");
        candidates.add(PRIVATE_HOST);
        for (String candidate : candidates) {
            if (connect(candidate)) {
                System.out.println("[DockerDaemon] using the Docker daemon at " + candidate);
                return;
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            skip("no Docker daemon answers at " + candidates + " and the tests do not run as root, so they cannot "
                    + "start one; set DOCKER_HOST or start Docker");
        }
        String binary = dockerdBinary();
        if (binary == null) {
            System.out.println("[DockerDaemon] dockerd missing: apt-get install docker.io");
            int rc = sh("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io");
            binary = dockerdBinary();
            if (rc != 0 || binary == null) {
                skip("dockerd is missing and `apt-get install docker.io` failed (exit " + rc + ")");
            }
        }
        Files.createDirectories(PRIVATE_DIR);
        Files.deleteIfExists(PRIVATE_DIR.resolve("docker.sock"));
        List<String> argv = new ArrayList<>(List.of(binary,
                "--host", PRIVATE_HOST,
                "--data-root", PRIVATE_DIR.resolve("data").toString(),
                "--exec-root", PRIVATE_DIR.resolve("exec").toString(),
                "--pidfile", PRIVATE_DIR.resolve("docker.pid").toString(),
                "--bridge=none", "--iptables=false", "--ip6tables=false",
                // vfs works on any backing filesystem (overlay on overlay does not); the test images are tiny
                "--storage-driver=vfs"));
        File log = PRIVATE_DIR.resolve("dockerd.log").toFile();
        System.out.println("[DockerDaemon] starting " + String.join(" ", argv) + " (log " + log + ")");
        dockerd = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!dockerd.isAlive()) {
                String tail = Files.readString(log.toPath());
                dockerd = null;
                skip("dockerd exited at start: " + tail.substring(Math.max(0, tail.length() - 600)));
            }
            if (connect(PRIVATE_HOST)) {
                System.out.println("[DockerDaemon] private dockerd answers at " + PRIVATE_HOST);
                return;
            }
            Thread.sleep(250);
        }
        stop();
        skip("the private dockerd did not answer within 60 s; see " + log);
    }

    private boolean connect(String candidate) throws IOException {
        if (candidate.startsWith("unix://") && !Files.exists(Path.of(candidate.substring(7)))) {
            return false;
        }
        DockerClient c = DockerClients.create(candidate);
        if (DockerClients.answers(c)) {
            host = candidate;
            client = c;
            return true;
        }
        c.close();
        return false;
    }

    public void stop() throws IOException, InterruptedException {
        if (client != null) {
            client.close();
            client = null;
        }
        if (dockerd != null) {
            System.out.println("[DockerDaemon] stopping the private dockerd");
            dockerd.destroy();
            if (!dockerd.waitFor(20, TimeUnit.SECONDS)) {
                dockerd.descendants().forEach(ProcessHandle::destroyForcibly);
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            dockerd = null;
        }
    }

    private static String dockerdBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "dockerd"))) {
                return Path.of(dir, "dockerd").toString();
            }
        }
        for (String candidate : List.of("/usr/sbin/dockerd", "/usr/bin/dockerd", "/usr/local/bin/dockerd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    static int sh(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", command).inheritIO().start().waitFor();
    }

    /** No Docker for the tests: skipped locally, failed under {@code CI=true}. */
    static void skip(String reason) {
        Prerequisite.missing("[DockerDaemon] " + reason);
    }
}
