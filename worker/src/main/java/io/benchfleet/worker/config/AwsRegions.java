package io.benchfleet.worker.config;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** How every benchfleet AWS client picks its region. */
public final class AwsRegions {

    private AwsRegions() {
    }

    /**
     * The configured region; else us-east-1 when an endpoint override points at a local server (ElasticMQ, moto);
     * else the SDK's provider chain (AWS_REGION, profile, instance metadata). Empty when none of them knows one: the
     * caller says which setting is missing.
     */
    public static Optional<Region> resolve(String configured, URI endpointOverride) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Region.of(configured));
        }
        if (endpointOverride != null) {
            return Optional.of(Region.US_EAST_1);
        }
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }
}
