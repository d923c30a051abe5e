package io.benchfleet.worker.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import io.benchfleet.worker.testing.Prerequisite;

/**
 * The Harbor stand-in image, built without any registry: {@code docker import} of a tiny rootfs made from Debian's
 * static busybox (one symlink per applet) plus the POSIX sh script {@code /usr/local/bin/harbor}
 * (test resource {@code harbor-standin/harbor}), its result template (the Harbor sample trial result) and, when the
 * host has a statically linked {@code docker} CLI, that CLI (the stand-in then starts its task environment as a
 * compose-labelled sibling container, like Harbor).
 *
 * <p>The image's tag is derived from its content, so test runs of different versions of the stand-in sharing one
 * daemon never use each other's image, and an image already built is reused.
 */
public final class HarborStandIn {

    private static final Path DOCKER_CLI = staticDockerCli();

    public static final String IMAGE = "benchfleet/harbor-standin:" + contentTag();

    private HarborStandIn() {
    }

    /** Whether the image carries a docker CLI (so trials start compose-labelled task containers). */
    public static boolean composeEnvironments() {
        return DOCKER_CLI != null;
    }

    /**
     * Skips (fails under {@code CI=true}) a test of Harbor's compose environments when the stand-in cannot start
     * them: it needs a statically linked {@code docker} CLI on PATH to copy into its busybox image.
     */
    public static void requireComposeEnvironments() {
        Prerequisite.require(composeEnvironments(), "the Harbor stand-in has no docker CLI: no statically linked "
                + "`docker` on PATH (e.g. the static build from download.docker.com in /usr/local/bin)");
    }

    private static String contentTag() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String name : List.of("harbor-standin/harbor", "harbor-standin/trial-result.json")) {
                try (InputStream in = HarborStandIn.class.getClassLoader().getResourceAsStream(name)) {
                    sha.update(in == null ? new byte[0] : in.readAllBytes());
                }
            }
            sha.update((DOCKER_CLI == null ? "no-cli" : "cli").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "test-" + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host's docker CLI when it is statically linked (it runs in a busybox rootfs), else null. */
    private static Path staticDockerCli() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "docker");
            try {
                if (Files.isExecutable(candidate) && isStatic(candidate)) {
                    return candidate.toRealPath();
                }
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** The stand-in script and template, copied from the test resources into {@code dir} (executable). */
    static Path script(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("harbor");
        copyResource("harbor-standin/harbor", script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        copyResource("harbor-standin/trial-result.json", dir.resolve("trial-result.json"));
        return script;
    }

    public static void build(DockerClient docker, String host, Path workDir) throws IOException, InterruptedException {
        try {
            docker.inspectImageCmd(IMAGE).exec();
            return; // built before, from the same content
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            // build it below
        }
        Path busybox = Path.of("/bin/busybox");
        if (!isStatic(busybox)) {
            System.out.println("[HarborStandIn] installing busybox-static");
            DockerDaemon.sh("DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static "
                    + "|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static)");
            if (!isStatic(busybox)) {
                DockerDaemon.skip("no static busybox for the Harbor stand-in image (apt-get install busybox-static)");
            }
        }
        Path rootfs = workDir.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Process list = new ProcessBuilder(busybox.toString(), "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes()).split("\\s+")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        list.waitFor();
        for (String dir : List.of("tmp", "var/run", "usr/local/bin", "etc", "dev", "proc", "sys")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        // /tmp is everyone's (a non-root Harbor gets HOME=/tmp)
        new ProcessBuilder("chmod", "1777", rootfs.resolve("tmp").toString()).start().waitFor();
        Files.move(script(rootfs.resolve("usr/local/share/harbor-standin")), rootfs.resolve("usr/local/bin/harbor"));
        if (DOCKER_CLI != null) {
            Files.copy(DOCKER_CLI, rootfs.resolve("usr/local/bin/docker"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path tarball = workDir.resolve("rootfs.tar");
        Process tar = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tarball.toString(), ".")
                .redirectErrorStream(true).start();
        String tarOutput = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("tar of the stand-in rootfs failed: " + tarOutput);
        }
        // the docker CLI (docker-java's createImageCmd stream upload ends in "ApplyLayer: unexpected EOF" here)
        Process importing = new ProcessBuilder("docker", "-H", host, "import", tarball.toString(), IMAGE)
                .redirectErrorStream(true).start();
        String output = new String(importing.getInputStream().readAllBytes());
        if (!importing.waitFor(60, TimeUnit.SECONDS) || importing.exitValue() != 0) {
            throw new IOException("docker import of the stand-in rootfs failed: " + output);
        }
        docker.inspectImageCmd(IMAGE).exec();
    }

    private static boolean isStatic(Path busybox) throws IOException, InterruptedException {
        if (!Files.isExecutable(busybox)) {
            return false;
        }
        Process ldd = new ProcessBuilder("ldd", busybox.toString()).redirectErrorStream(true).start();
        String out = new String(ldd.getInputStream().readAllBytes());
        ldd.waitFor();
        return out.contains("not a dynamic executable") || out.contains("statically linked");
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = HarborStandIn.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
