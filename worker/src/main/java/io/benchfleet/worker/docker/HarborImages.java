package io.benchfleet.worker.docker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an image is on this host: inspect, else pull with progress in the log. Registry credentials come from
 * docker-java's default configuration ({@code ~/.docker/config.json}). Pulls of the same image are serialised so
 * concurrent slots do not pull it twice. The pull has its own deadline ({@code benchfleet.worker.docker.pull-timeout}),
 * apart from the trial's wall-clock limit, which starts only once the image is there: a stuck registry fails the trial
 * as INFRA within the deadline, waiting for another slot's pull of the same image included, and never holds the slot.
 */
public class HarborImages {

    private static final Logger log = LoggerFactory.getLogger(HarborImages.class);

    private final DockerClient docker;
    private final String host;
    private final Duration pullTimeout;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public HarborImages(DockerClient docker, String host, Duration pullTimeout) {
        this.docker = docker;
        this.host = host;
        this.pullTimeout = pullTimeout;
    }

    /** @throws TrialInfrastructureException naming the image and what to do when it is absent and cannot be pulled */
    public void ensurePresent(String image) {
        if (present(image)) {
            return;
        }
        ReentrantLock lock = locks.computeIfAbsent(image, i -> new ReentrantLock());
        long deadline = System.nanoTime() + pullTimeout.toNanos();
        try {
            if (!lock.tryLock(pullTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw failure(image, "another slot's pull of it did not finish within the pull deadline of "
                        + pullTimeout.toSeconds() + " s (benchfleet.worker.docker.pull-timeout)", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrialInfrastructureException("pull of image " + image + " was interrupted (worker stopping)", e);
        }
        try {
            if (!present(image)) {
                pull(image, Math.max(1, deadline - System.nanoTime()));
            }
        } finally {
            lock.unlock();
        }
    }

    boolean present(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw DockerClients.translate(e, host);
        }
    }

    private void pull(String image, long deadlineNanos) {
        log.info("pulling image {} (not present on this host; deadline {} s)", image,
                TimeUnit.NANOSECONDS.toSeconds(deadlineNanos));
        long start = System.nanoTime();
        PullImageCmd cmd = docker.pullImageCmd(repository(image));
        String tag = tag(image);
        if (tag != null) {
            cmd = cmd.withTag(tag);
        }
        try {
            Progress progress = cmd.exec(new Progress(image));
            if (!progress.awaitCompletion(deadlineNanos, TimeUnit.NANOSECONDS)) {
                progress.close();
                throw failure(image, "the pull did not finish within its deadline of " + pullTimeout.toSeconds()
                        + " s, benchfleet.worker.docker.pull-timeout", null);
            }
            progress.rethrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrialInfrastructureException("pull of image " + image + " was interrupted (worker stopping)", e);
        } catch (TrialInfrastructureException e) {
            throw e;
        } catch (DockerClientException | com.github.dockerjava.api.exception.DockerException e) {
            throw failure(image, DockerClients.rootMessage(e), e);
        } catch (java.io.IOException e) {
            throw failure(image, DockerClients.rootMessage(e), e);
        } catch (RuntimeException e) {
            throw DockerClients.translate(e, host);
        }
        if (!present(image)) {
            throw failure(image, "the pull finished but the image is still absent", null);
        }
        log.info("pulled image {} in {} s", image, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    private static TrialInfrastructureException failure(String image, String reason, Throwable cause) {
        return new TrialInfrastructureException("Harbor image " + image + " is not on this host and cannot be pulled ("
                + reason + "): check the image name (spec harborImage), `docker login` to its registry as the worker "
                + "user, or load it with `docker load`; list it in benchfleet.worker.docker.prepull-images", cause);
    }

    /** {@code registry:5000/org/name:tag} → {@code registry:5000/org/name}; digests are left whole. */
    static String repository(String image) {
        if (image.contains("@")) {
            return image;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    /** The tag, {@code latest} when none is given (else the daemon pulls every tag), null for a digest. */
    static String tag(String image) {
        if (image.contains("@")) {
            return null;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }

    /** Logs layer status changes and, at most every 5 s, the overall progress. */
    private static final class Progress extends ResultCallback.Adapter<PullResponseItem> {
        private final String image;
        private final Map<String, String> layerStatus = new ConcurrentHashMap<>();
        private volatile long lastProgressLog;
        private volatile String error;
        private volatile Throwable failure;

        /** Keeps the failure for {@link #rethrow()} (the template would log it with a stack trace at ERROR). */
        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            try {
                close();
            } catch (java.io.IOException e) {
                log.debug("closing pull stream: {}", e.getMessage());
            }
        }

        Progress(String image) {
            this.image = image;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                return;
            }
            String status = item.getStatus();
            if (status == null) {
                return;
            }
            String id = item.getId();
            if (id == null) {
                log.info("pull {}: {}", image, status);
                return;
            }
            String previous = layerStatus.put(id, status);
            long now = System.nanoTime();
            if (!status.equals(previous) && !status.startsWith("Downloading") && !status.startsWith("Extracting")) {
                log.info("pull {}: layer {} {}", image, id, status);
            } else if (now - lastProgressLog > TimeUnit.SECONDS.toNanos(5) && item.getProgressDetail() != null
                    && item.getProgressDetail().getTotal() != null) {
                lastProgressLog = now;
                long done = layerStatus.values().stream().filter(s -> s.contains("complete")).count();
                log.info("pull {}: layer {} {} {}/{} MB ({} of {} layers done)", image, id, status,
                        mb(item.getProgressDetail().getCurrent()), mb(item.getProgressDetail().getTotal()), done,
                        layerStatus.size());
            }
        }

        private static long mb(Long bytes) {
            return bytes == null ? 0 : bytes / (1024 * 1024);
        }

        void rethrow() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new DockerClientException(DockerClients.rootMessage(failure), failure);
            }
            if (error != null) {
                throw new DockerClientException(error);
            }
        }
    }
}
