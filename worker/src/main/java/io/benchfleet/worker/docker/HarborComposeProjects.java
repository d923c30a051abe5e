package io.benchfleet.worker.docker;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerMount;
import com.github.dockerjava.api.model.Network;
import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task environments Harbor starts for a trial, found and removed. Harbor (0.22, {@code
 * harbor/environments/docker/docker.py}) runs each environment as a {@code docker compose} project named after its
 * session: {@code <trial name>__env} for the trial's environment ({@code harbor/trial/trial.py}), {@code <trial
 * name>__verifier__<key>} for a separate verifier environment, lower-cased with every character outside
 * {@code [a-z0-9_-]} replaced by {@code -} ({@code _sanitize_docker_compose_project_name}). Docker compose labels the
 * containers, networks and volumes of a project with {@code com.docker.compose.project}; none of them carries a
 * benchfleet label, and a Harbor killed at the time limit leaves them running.
 *
 * <p>A project belongs to a trial when its name starts with the trial's session prefix, or when one of its
 * containers bind-mounts a path under the trial's job directory (Harbor mounts {@code <trial>/agent} and {@code
 * <trial>/verifier}). The second rule also finds the projects of trials whose directory name is unknown, by the jobs
 * directory they mount; a worker's jobs directory is its own, so it never touches another worker's projects.
 */
public class HarborComposeProjects {

    private static final Logger log = LoggerFactory.getLogger(HarborComposeProjects.class);

    /** The label docker compose puts on every container, network and volume of a project. */
    public static final String PROJECT_LABEL = "com.docker.compose.project";

    private final DockerClient docker;
    private final String host;

    public HarborComposeProjects(DockerClient docker, String host) {
        this.docker = docker;
        this.host = host;
    }

    /** Harbor's compose project name for a session id ({@code _sanitize_docker_compose_project_name}). */
    public static String projectName(String sessionId) {
        String name = sessionId.toLowerCase(java.util.Locale.ROOT);
        if (!name.matches("^[a-z0-9].*")) {
            name = "0" + name;
        }
        return name.replaceAll("[^a-z0-9_-]", "-");
    }

    /** What every compose project of trial {@code trialName} starts with: its sanitised name and {@code __}. */
    public static String projectPrefix(String trialName) {
        String sanitised = projectName(trialName + "__x");
        return sanitised.substring(0, sanitised.length() - 1);
    }

    /** A compose project and its containers as the daemon lists them. */
    public record Project(String name, List<Container> containers) {

        /** When the project's oldest container was created. */
        public Instant created() {
            return containers.stream().map(Container::getCreated).filter(Objects::nonNull).min(Long::compare)
                    .map(Instant::ofEpochSecond).orElse(Instant.EPOCH);
        }

        boolean mountsUnder(Path dir) {
            return containers.stream().anyMatch(c -> mountsUnder(c, dir));
        }

        static boolean mountsUnder(Container container, Path dir) {
            List<ContainerMount> mounts = container.getMounts() == null ? List.of() : container.getMounts();
            for (ContainerMount mount : mounts) {
                if (mount.getSource() != null && Path.of(mount.getSource()).normalize().startsWith(dir)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Every compose project on the daemon, by name, with its containers (running or not). */
    public List<Project> all() {
        List<Container> containers;
        try {
            containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(PROJECT_LABEL)).exec();
        } catch (RuntimeException e) {
            throw DockerClients.translate(e, host);
        }
        Map<String, List<Container>> byProject = new LinkedHashMap<>();
        for (Container c : containers) {
            String project = c.getLabels() == null ? null : c.getLabels().get(PROJECT_LABEL);
            if (project != null) {
                byProject.computeIfAbsent(project, p -> new ArrayList<>()).add(c);
            }
        }
        List<Project> projects = new ArrayList<>();
        byProject.forEach((name, list) -> projects.add(new Project(name, List.copyOf(list))));
        return projects;
    }

    /** The projects of the trial(s) in Harbor job directory {@code jobDir}: by session prefix or by mount. */
    public List<Project> ofJob(Path jobDir) {
        Path dir = jobDir.toAbsolutePath().normalize();
        List<String> prefixes = new HarborJobDirectory(dir).trialDirectories().stream()
                .map(trial -> projectPrefix(trial.getFileName().toString())).toList();
        return matching(p -> p.mountsUnder(dir) || prefixes.stream().anyMatch(p.name()::startsWith));
    }

    /** The projects whose containers mount something under {@code jobsRoot} (this worker's trials). */
    public List<Project> under(Path jobsRoot) {
        Path dir = jobsRoot.toAbsolutePath().normalize();
        return matching(p -> p.mountsUnder(dir));
    }

    private List<Project> matching(Predicate<Project> test) {
        return all().stream().filter(test).toList();
    }

    /**
     * Removes each project like {@code docker compose down --volumes --remove-orphans}: its containers (killed first),
     * then its networks and volumes. Failures are logged, never thrown: clean-up must not cost a trial its result.
     *
     * @return how many projects were removed
     */
    public int remove(Collection<Project> projects, String why) {
        int removed = 0;
        for (Project project : projects) {
            for (Container c : project.containers()) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException e) {
                    log.debug("container {} already removed", c.getId());
                } catch (RuntimeException e) {
                    log.warn("could not remove container {} of compose project {}: {}", c.getId(), project.name(),
                            DockerClients.rootMessage(e));
                }
            }
            removeNetworks(project.name());
            removeVolumes(project.name());
            removed++;
            log.warn("removed Harbor's compose project {} ({} container(s)): {}", project.name(),
                    project.containers().size(), why);
        }
        return removed;
    }

    private void removeNetworks(String project) {
        try {
            for (Network network : docker.listNetworksCmd()
                    .withFilter("label", List.of(PROJECT_LABEL + "=" + project)).exec()) {
                try {
                    docker.removeNetworkCmd(network.getId()).exec();
                } catch (NotFoundException e) {
                    log.debug("network {} already removed", network.getName());
                } catch (RuntimeException e) {
                    log.warn("could not remove network {} of compose project {}: {}", network.getName(), project,
                            DockerClients.rootMessage(e));
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not list the networks of compose project {}: {}", project, DockerClients.rootMessage(e));
        }
    }

    private void removeVolumes(String project) {
        try {
            var volumes = docker.listVolumesCmd().withFilter("label", List.of(PROJECT_LABEL + "=" + project)).exec()
                    .getVolumes();
            for (var volume : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of()
                    : volumes) {
                try {
                    docker.removeVolumeCmd(volume.getName()).exec();
                } catch (RuntimeException e) {
                    log.warn("could not remove volume {} of compose project {}: {}", volume.getName(), project,
                            DockerClients.rootMessage(e));
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not list the volumes of compose project {}: {}", project, DockerClients.rootMessage(e));
        }
    }
}
