package io.benchfleet.worker.docker;

import java.util.List;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.benchfleet.jobdefs.Messages;
import io.benchfleet.worker.config.DockerProperties;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker start-up against Docker and whether it succeeded: the daemon answers, this host's orphaned benchfleet
 * containers and the Harbor compose projects of its old trials (those mounting its jobs directory) are removed, and
 * the images of {@code benchfleet.worker.docker.prepull-images} are present. {@link #ready()} is false until then (and
 * stays false with a {@link #reason()} when a step failed).
 */
public class DockerReadiness {

    private static final Logger log = LoggerFactory.getLogger(DockerReadiness.class);

    private final DockerClient docker;
    private final DockerProperties properties;
    private final String workerHost;
    private final HarborImages images;
    private final HarborComposeProjects compose;
    private final java.nio.file.Path jobsRoot;
    private volatile Runnable onReady = () -> { };
    private volatile boolean ready;
    private volatile String reason = "start-up not run yet";

    /** @param jobsRoot this worker's jobs directory (compose projects mounting it are its own), or null */
    DockerReadiness(DockerClient docker, DockerProperties properties, String workerHost, HarborImages images,
            HarborComposeProjects compose, java.nio.file.Path jobsRoot) {
        this.docker = docker;
        this.properties = properties;
        this.workerHost = workerHost;
        this.images = images;
        this.compose = compose;
        this.jobsRoot = jobsRoot;
    }

    /** Called when start-up succeeded (at once if it already has). */
    public void onReady(Runnable callback) {
        this.onReady = callback;
        if (ready) {
            callback.run();
        }
    }

    public boolean ready() {
        return ready;
    }

    /** Why the worker is not ready, or {@code ready}. */
    public String reason() {
        return reason;
    }

    /** Runs the start-up steps once; never throws (the outcome is {@link #ready()} / {@link #reason()}). */
    public void start() {
        try {
            reason = "checking Docker at " + properties.host();
            try {
                docker.pingCmd().exec();
            } catch (RuntimeException e) {
                throw DockerClients.unreachable(properties.host(), e);
            }
            if (properties.removeOrphans()) {
                removeOrphans();
            }
            for (String image : properties.prepullImages()) {
                reason = "pulling " + image;
                images.ensurePresent(image);
            }
            reason = "ready";
            ready = true;
            log.info("Docker at {} ready: images present {}", properties.host(), properties.prepullImages());
            onReady.run();
        } catch (RuntimeException e) {
            reason = Messages.oneLine(e.getMessage());
            ready = false;
            log.error("Docker start-up failed: {}", reason);
        }
    }

    /**
     * Removes every container labelled {@code benchfleet.worker=<this host>} (Harbor containers of a crashed worker,
     * and task containers when they carry our labels), and the compose projects (containers, networks, volumes) whose
     * containers mount this worker's jobs directory: the task environments of its old trials, which carry no
     * benchfleet label.
     *
     * @return how many containers and projects were removed
     */
    public int removeOrphans() {
        int projects = jobsRoot == null ? 0 : compose.remove(compose.under(jobsRoot),
                "a task environment of a trial this host ran before it (re)started");
        return projects + removeLabelledOrphans();
    }

    private int removeLabelledOrphans() {
        List<Container> orphans;
        try {
            orphans = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(java.util.Map.of(BenchfleetLabels.WORKER, workerHost)).exec();
        } catch (RuntimeException e) {
            throw DockerClients.translate(e, properties.host());
        }
        int removed = 0;
        for (Container container : orphans) {
            String name = container.getNames() == null || container.getNames().length == 0 ? container.getId()
                    : container.getNames()[0];
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
                log.warn("removed orphaned container {} of partition {} (state {})", name,
                        container.getLabels().get(BenchfleetLabels.PARTITION), container.getState());
            } catch (RuntimeException e) {
                log.warn("could not remove orphaned container {}: {}", name, DockerClients.rootMessage(e));
            }
        }
        return removed;
    }

    /** For callers that must fail rather than wait. */
    public void requireReady() {
        if (!ready) {
            throw new TrialInfrastructureException("Docker not ready on worker " + workerHost + ": " + reason);
        }
    }
}
