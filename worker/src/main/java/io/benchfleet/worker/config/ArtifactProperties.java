package io.benchfleet.worker.config;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.artifacts.*}: where trial directories and reports go.
 *
 * @param location  {@code s3://bucket/prefix} in production, or a local directory ({@code file:} URI or path)
 * @param s3Endpoint endpoint override for S3-compatible test servers (path-style addressing is used then)
 * @param region    AWS region of the bucket
 */
@ConfigurationProperties("benchfleet.artifacts")
public record ArtifactProperties(String location, URI s3Endpoint, String region) {

    public ArtifactProperties {
        location = location == null || location.isBlank() ? ".benchfleet/artifacts" : location;
    }
}
