package io.benchfleet.manager.report.notify;

import java.net.URI;
import java.util.function.Supplier;

import io.benchfleet.worker.config.AwsRegions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes a run's notice to an SNS topic (subject: the one-line headline, message: the plain text). The client is
 * built on first use, so a run without an SNS target never needs AWS credentials or a region.
 */
public class SnsNotifier {

    private final Supplier<SnsClient> client;
    private SnsClient built;

    public SnsNotifier(NotifyProperties properties) {
        this.client = () -> build(properties);
    }

    /** Publishes; any failure is thrown to the caller (who logs it). Returns the message id. */
    public synchronized String publish(String topicArn, RunNotice notice, String link) {
        if (built == null) {
            built = client.get();
        }
        return built.publish(PublishRequest.builder().topicArn(topicArn).subject(notice.subject())
                .message(notice.text(link)).build()).messageId();
    }

    private static SnsClient build(NotifyProperties p) {
        URI endpoint = p.endpoint() == null ? null : URI.create(p.endpoint());
        SnsClientBuilder builder = SnsClient.builder()
                .region(AwsRegions.resolve(p.region(), endpoint).orElseThrow(() -> new IllegalStateException(
                        "no AWS region for the SNS notification: set AWS_REGION or benchfleet.notify.region")))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(p.timeout()).build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (p.accessKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(p.accessKey(),
                    p.secretKey())));
        }
        return builder.build();
    }
}
