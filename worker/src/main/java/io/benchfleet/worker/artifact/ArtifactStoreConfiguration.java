package io.benchfleet.worker.artifact;

import java.net.URI;
import java.nio.file.Path;

import io.benchfleet.worker.config.ArtifactProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Chooses the artifact store from {@code benchfleet.artifacts.location}: {@code s3://...} or a local directory. */
@Configuration(proxyBeanMethods = false)
public class ArtifactStoreConfiguration {

    @Bean
    ArtifactStore artifactStore(ArtifactProperties properties) {
        String location = properties.location();
        if (location.startsWith("s3://")) {
            S3ClientBuilder builder = S3Client.builder();
            if (properties.region() != null) {
                builder.region(Region.of(properties.region()));
            }
            if (properties.s3Endpoint() != null) {
                builder.endpointOverride(properties.s3Endpoint()).forcePathStyle(true);
            }
            // a hanging S3 must not hold a trial's slot: each request attempt (one file) has a deadline
            builder.overrideConfiguration(c -> c.apiCallAttemptTimeout(properties.callTimeout()));
            return new S3ArtifactStore(builder.build(), URI.create(location));
        }
        Path dir = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return new LocalArtifactStore(dir);
    }
}
