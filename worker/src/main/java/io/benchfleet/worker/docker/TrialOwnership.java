package io.benchfleet.worker.docker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every file of a trial directory owned by the worker's user, so the worker can archive and delete it.
 *
 * <p>Harbor runs in its container as the owner ({@code --user uid:gid}, with the Docker socket's group added and
 * {@code HOME=/tmp}); Harbor 0.22 then writes the trial directory as that user and, when it stops an environment,
 * chowns what the task containers wrote into the bind-mounted {@code agent/} and {@code verifier/} directories to its
 * own uid:gid ({@code prepare_logs_for_host} in {@code harbor/environments/docker/docker.py}). A trial killed at its
 * time limit never gets there, so afterwards the directory is checked, and anything still owned by someone else is
 * handed over by a short container of the trial's Harbor image running {@code chown -R} as root.
 *
 * <p>With the worker running as root (a development machine) the owner is root: Harbor runs as root as before and
 * nothing needs handing over.
 */
public class TrialOwnership {

    private static final Logger log = LoggerFactory.getLogger(TrialOwnership.class);

    private final DockerClient docker;
    private final String host;
    private final int uid;
    private final int gid;
    private final Integer socketGid;
    private final String networkMode;
    private final Map<String, String> helperLabels;

    /**
     * @param owner        {@code uid:gid}, or null for the worker's own
     * @param socketPath   the Docker socket Harbor gets (its group is added to Harbor's user), or null
     * @param helperLabels labels of the helper container (so orphan clean-up finds it)
     */
    public TrialOwnership(DockerClient docker, String host, String owner, String socketPath, String networkMode,
            Map<String, String> helperLabels) {
        this.docker = docker;
        this.host = host;
        int[] ids = owner == null ? processIds() : parse(owner);
        this.uid = ids[0];
        this.gid = ids[1];
        this.socketGid = socketPath == null ? null : groupOf(Path.of(socketPath));
        this.networkMode = networkMode;
        this.helperLabels = Map.copyOf(helperLabels);
    }

    /** {@code uid:gid} of the trial directories. */
    public String owner() {
        return uid + ":" + gid;
    }

    /** Whether Harbor runs as root (no {@code --user}). */
    public boolean root() {
        return uid == 0;
    }

    /** The {@code --user} of the Harbor container, null to keep the image's (root). */
    public String containerUser() {
        return root() ? null : owner();
    }

    /** Groups to add to Harbor's user: the Docker socket's, so a non-root Harbor reaches the daemon. */
    public List<String> groupAdd() {
        return root() || socketGid == null ? List.of() : List.of(Integer.toString(socketGid));
    }

    /** Environment for a non-root Harbor: a writable {@code HOME} (the user has no home in the image). */
    public List<String> environment() {
        return root() ? List.of() : List.of("HOME=/tmp");
    }

    /**
     * Creates {@code dir} (Harbor's {@code -o}) for Harbor to write in: given to the owner when this process may
     * (it runs as root and the owner is someone else; a worker running as the owner creates it as its own).
     */
    public void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!root() && !owned(dir) && processIds()[0] == 0) {
            Files.setAttribute(dir, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** A file this worker wrote into a trial directory, given to the owner when this process runs as root. */
    public void adopt(Path file) {
        try {
            if (!root() && Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !owned(file) && processIds()[0] == 0) {
                Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not give {} to {}: {}", file, owner(), e.getMessage());
        }
    }

    /**
     * Makes the owner own everything under {@code jobDir}: counts what does not, and if anything, hands it over with a
     * root container of {@code image}; logs an error naming what is still foreign after that.
     *
     * @return the entries still not owned by the owner (0 when all is well)
     */
    public int repair(Path jobDir, Path jobsDir, String image) {
        List<Path> foreign = foreign(jobDir);
        if (foreign.isEmpty()) {
            return 0;
        }
        log.info("{} entries of {} are not owned by {} (e.g. {}, uid {}): handing them over", foreign.size(), jobDir,
                owner(), foreign.get(0), uidOf(foreign.get(0)));
        chownInContainer(jobDir, jobsDir, image);
        List<Path> still = foreign(jobDir);
        if (!still.isEmpty()) {
            log.error("{} entries of the trial directory {} are still not owned by {} (e.g. {}, uid {}): the worker "
                    + "cannot delete them; run the worker as the owner of the jobs directory or set "
                    + "benchfleet.worker.docker.trial-owner", still.size(), jobDir, owner(), still.get(0),
                    uidOf(still.get(0)));
        }
        return still.size();
    }

    /** Entries under {@code dir} whose uid or gid is not the owner's. */
    public List<Path> foreign(Path dir) {
        List<Path> foreign = new ArrayList<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return foreign;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    check(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    check(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    foreign.add(file);
                    return FileVisitResult.CONTINUE;
                }

                private void check(Path p) {
                    if (!owned(p)) {
                        foreign.add(p);
                    }
                }
            });
        } catch (IOException e) {
            foreign.add(dir);
        }
        return foreign;
    }

    private boolean owned(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid
                    && ((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)) == gid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void chownInContainer(Path jobDir, Path jobsDir, String image) {
        String dir = jobsDir.toAbsolutePath().normalize().toString();
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withBinds(new Bind(dir, new Volume(dir), AccessMode.rw));
        if (networkMode != null) {
            hostConfig = hostConfig.withNetworkMode(networkMode);
        } else {
            hostConfig = hostConfig.withNetworkMode("none");
        }
        String id = null;
        try {
            id = docker.createContainerCmd(image).withUser("0:0").withEntrypoint("chown")
                    .withCmd("-R", owner(), jobDir.toAbsolutePath().normalize().toString())
                    .withLabels(helperLabels).withHostConfig(hostConfig).exec().getId();
            docker.startContainerCmd(id).exec();
            Integer status = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(60, TimeUnit.SECONDS);
            if (status == null || status != 0) {
                log.warn("chown of {} in a container of {} exited with status {}", jobDir, image, status);
            }
        } catch (RuntimeException e) {
            log.warn("could not hand {} over to {} with a container of {}: {}", jobDir, owner(), image,
                    DockerClients.rootMessage(DockerClients.translate(e, host)));
        } finally {
            if (id != null) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException e) {
                    log.debug("helper container {} already removed", id);
                } catch (RuntimeException e) {
                    log.warn("could not remove helper container {}: {}", id, DockerClients.rootMessage(e));
                }
            }
        }
    }

    private static String uidOf(Path p) {
        try {
            return String.valueOf(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static int[] parse(String owner) {
        String[] parts = owner.split(":");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    /** This process's uid and gid: the owner of a file it creates (read once). */
    static int[] processIds() {
        return ProcessIds.IDS.clone();
    }

    private static final class ProcessIds {
        static final int[] IDS = read();
    }

    private static int[] read() {
        try {
            Path probe = Files.createTempFile("benchfleet-owner-", ".probe");
            try {
                return new int[] {(Integer) Files.getAttribute(probe, "unix:uid"),
                        (Integer) Files.getAttribute(probe, "unix:gid")};
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot tell this worker's uid:gid (" + e.getMessage() + "): set "
                    + "benchfleet.worker.docker.trial-owner", e);
        }
    }

    private static Integer groupOf(Path socket) {
        try {
            return (Integer) Files.getAttribute(socket, "unix:gid");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
