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

/**
 * The Harbor stand-in image, built without any registry: {@code docker import} of a tiny rootfs made from Debian's
 * static busybox (one symlink per applet) plus the POSIX sh script {@code /usr/local/bin/harbor}
 * (test resource {@code harbor-standin/harbor}) and its result template (the Harbor sample trial result).
 */
public final class HarborStandIn {

    public static final String IMAGE = "benchfleet/harbor-standin:test";

    private HarborStandIn() {
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
        Files.move(script(rootfs.resolve("usr/local/share/harbor-standin")), rootfs.resolve("usr/local/bin/harbor"));
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
