package io.benchfleet.worker.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The SQS client shared by the manager's outbound adapter and the workers' inbound adapters. */
@Configuration(proxyBeanMethods = false)
public class SqsClientConfiguration {

    @Bean(destroyMethod = "close")
    SqsAsyncClient sqsAsyncClient(SqsProperties properties) {
        SqsAsyncClientBuilder builder = SqsAsyncClient.builder();
        if (properties.region() != null) {
            builder.region(Region.of(properties.region()));
        } else if (properties.endpoint() != null) {
            builder.region(Region.US_EAST_1);
        }
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        if (properties.accessKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(properties.accessKey(), properties.secretKey())));
        }
        return builder.build();
    }

    /** Resolves the configured queue to its URL, failing with one clear line when it does not exist. */
    public static String queueUrl(SqsAsyncClient client, SqsProperties properties) {
        String queue = properties.queue();
        if (queue.startsWith("https://") || queue.startsWith("http://")) {
            return queue;
        }
        try {
            return client.getQueueUrl(GetQueueUrlRequest.builder().queueName(queue).build()).join().queueUrl();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof QueueDoesNotExistException) {
                throw new IllegalStateException("SQS queue '" + queue + "' does not exist at "
                        + (properties.endpoint() == null ? "AWS" : properties.endpoint())
                        + ": create it with terraform (terraform/) or set benchfleet.sqs.queue", e);
            }
            throw new IllegalStateException("cannot reach SQS queue '" + queue + "': " + e.getCause().getMessage(),
                    e);
        }
    }
}
