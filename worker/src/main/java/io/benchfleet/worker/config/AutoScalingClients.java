package io.benchfleet.worker.config;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClientBuilder;

/** The worker's Auto Scaling client (the lifecycle hook): region, endpoint override and test credentials. */
public final class AutoScalingClients {

    private AutoScalingClients() {
    }

    public static AutoScalingClient create(HostFleetProperties fleet) {
        AutoScalingClientBuilder builder = AutoScalingClient.builder();
        AwsRegions.resolve(fleet.region(), fleet.endpoint()).ifPresent(builder::region);
        if (fleet.endpoint() != null) {
            builder.endpointOverride(fleet.endpoint());
        }
        if (fleet.accessKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    fleet.accessKey(), fleet.secretKey())));
        }
        return builder.build();
    }
}
