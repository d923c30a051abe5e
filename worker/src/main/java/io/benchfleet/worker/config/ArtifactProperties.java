package io.benchfleet.worker.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.artifacts.*}: where trial directories and reports go.
 *
 * @param location        {@code s3://bucket/prefix} in production, or a local directory ({@code file:} URI or path)
 * @param s3Endpoint      endpoint override for S3-compatible test servers (path-style addressing is used then)
 * @param region          AWS region of the bucket
 * @param archiveAttempts attempts at archiving a trial directory before it is left to the sweeper (default 3)
 * @param archiveBackoff  pause before the second attempt, doubling after that (default 2s)
 * @param sweepInterval   how often a worker archives the trial directories it kept because the store failed
 *                        (default 1m)
 * @param callTimeout     longest S3 request attempt (one file) before it counts as failed (default 2m)
 */
@ConfigurationProperties("benchfleet.artifacts")
public record ArtifactProperties(String location, URI s3Endpoint, String region, Integer archiveAttempts,
        Duration archiveBackoff, Duration sweepInterval, Duration callTimeout) {

    public ArtifactProperties {
        location = location == null || location.isBlank() ? ".benchfleet/artifacts" : location;
        archiveAttempts = archiveAttempts == null ? 3 : archiveAttempts;
        archiveBackoff = archiveBackoff == null ? Duration.ofSeconds(2) : archiveBackoff;
        sweepInterval = sweepInterval == null ? Duration.ofMinutes(1) : sweepInterval;
        callTimeout = callTimeout == null ? Duration.ofMinutes(2) : callTimeout;
        if (archiveAttempts < 1) {
            throw new IllegalArgumentException("benchfleet.artifacts.archive-attempts must be at least 1, was "
                    + archiveAttempts);
        }
    }
}
