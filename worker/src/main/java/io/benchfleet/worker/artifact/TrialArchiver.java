package io.benchfleet.worker.artifact;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.benchfleet.jobdefs.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Stores a trial directory in the artifact store, tried again with doubling pauses by Spring's {@link RetryTemplate}
 * ({@code benchfleet.artifacts.archive-attempts}, {@code archive-backoff}). It never throws: a trial's result must not
 * depend on the store, so a directory the store keeps refusing is reported as not archived and stays on the worker's
 * disk for the {@link PendingArchiveSweeper}.
 */
public class TrialArchiver {

    private static final Logger log = LoggerFactory.getLogger(TrialArchiver.class);

    private final ArtifactStore store;
    private final RetryTemplate retry;
    private final int attempts;

    public TrialArchiver(ArtifactStore store, int attempts, Duration backoff) {
        this.store = store;
        this.attempts = attempts;
        this.retry = new RetryTemplate(RetryPolicy.builder().maxRetries(attempts - 1).delay(backoff).multiplier(2)
                .maxDelay(backoff.isZero() ? Duration.ofMillis(1) : backoff.multipliedBy(16)).build());
        this.retry.setRetryListener(new RetryListener() {
            @Override
            public void onRetryFailure(RetryPolicy policy, Retryable<?> archive, Throwable failure) {
                log.warn("{} failed ({}); trying again", archive.getName(), reason(failure));
            }
        });
    }

    /**
     * The URI of the stored directory, or empty when every attempt failed (the directory is left in place). With
     * {@code keepDirectory} false the caller removes the directory next, so the store may move it instead of copying
     * ({@link ArtifactStore#moveDirectory}).
     */
    public Optional<URI> archive(Path directory, String relativePath, boolean keepDirectory) {
        try {
            return Optional.of(retry.execute(new Retryable<URI>() {
                @Override
                public URI execute() {
                    return keepDirectory ? store.storeDirectory(directory, relativePath)
                            : store.moveDirectory(directory, relativePath);
                }

                @Override
                public String getName() {
                    return "archiving " + directory + " to " + relativePath;
                }
            }));
        } catch (RetryException e) {
            log.warn("could not archive {} after {} attempt(s) ({}); the result is recorded and the directory is "
                    + "kept on this host until the archive sweeper stores it", directory, attempts, reason(e));
            return Optional.empty();
        }
    }

    /**
     * The stored directory of a trial whose local {@code directory} is gone, when the store has it whole: a worker
     * that stopped between moving it into the store and recording that it did. Empty while the directory is here.
     */
    public Optional<URI> alreadyStored(Path directory, String relativePath) {
        return Files.isDirectory(directory) ? Optional.empty() : store.find(relativePath);
    }

    private static String reason(Throwable failure) {
        Throwable last = failure instanceof RetryException r && r.getLastException() != null ? r.getLastException()
                : failure;
        return Messages.oneLine(Messages.rootMessage(last));
    }
}
