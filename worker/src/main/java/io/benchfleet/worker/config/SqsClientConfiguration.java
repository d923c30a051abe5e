package io.benchfleet.worker.config;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Every SQS client of benchfleet: this process's consumers' (a bean) and the manager's own for its sends, all built
 * by {@link #newClient(SqsProperties)}.
 */
@Configuration(proxyBeanMethods = false)
public class SqsClientConfiguration {

    /**
     * A request whose connection carries nothing for this long fails (and the SDK retries it) instead of waiting for
     * ever on a connection that died silently: the CRT client has no read timeout, and Netty's was 30 s. A long poll
     * is silent for at most {@link WorkerProperties#LONGEST_POLL}.
     */
    static final Duration STALL_BOUND = WorkerProperties.LONGEST_POLL.plusSeconds(10);

    /** The client of this process's consumers (and of commands that only look at the queue). */
    @Bean(destroyMethod = "close")
    @Lazy
    @Primary
    SqsAsyncClient sqsAsyncClient(SqsProperties properties) {
        return newClient(properties);
    }

    /**
     * A new client with its own connection pool ({@code benchfleet.sqs.max-connections}): the manager sends through
     * its own so that, in one process with in-process workers, sends never wait behind the consumers' long polls.
     * Its HTTP client is the AWS CRT one (native), lighter per request than the SDK's default Netty client, and its
     * responses complete on the process's {@link SqsResponseThreads}: half of a fleet benchmark host's CPU was the
     * SQS client (README, Benchmarks, sixth round).
     */
    public static SqsAsyncClient newClient(SqsProperties properties) {
        return newClient(properties, STALL_BOUND);
    }

    static SqsAsyncClient newClient(SqsProperties properties, Duration stallBound) {
        SqsAsyncClientBuilder builder = SqsAsyncClient.builder().region(region(properties))
                .asyncConfiguration(async -> async.advancedOption(
                        SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, SqsResponseThreads.EXECUTOR))
                .httpClientBuilder(CrtHeldOpenHttpClient.builder(AwsCrtAsyncHttpClient.builder()
                        .maxConcurrency(properties.maxConnections())
                        .connectionHealthConfiguration(health -> health.minimumThroughputInBps(1L)
                                .minimumThroughputTimeout(stallBound))));
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        if (properties.accessKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(properties.accessKey(), properties.secretKey())));
        }
        return builder.build();
    }

    private static Region region(SqsProperties properties) {
        return AwsRegions.resolve(properties.region(), properties.endpoint()).orElseThrow(() ->
                new IllegalStateException("no AWS region for SQS queue '" + properties.queue() + "': set AWS_REGION "
                        + "or benchfleet.sqs.region (BENCHFLEET_SQS_REGION), or use --local"));
    }

    /** Resolves the configured queue to its URL, failing with one clear line when it does not exist. */
    public static String queueUrl(SqsAsyncClient client, SqsProperties properties) {
        return queueUrl(client, properties, "benchfleet.sqs.queue");
    }

    /**
     * Resolves {@code properties.queue()} to its URL; when it does not exist, the one-line error names
     * {@code setting}, the configuration key that chose the queue.
     */
    public static String queueUrl(SqsAsyncClient client, SqsProperties properties, String setting) {
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
                        + ": create it with terraform (terraform/) or set " + setting, e);
            }
            throw new IllegalStateException("cannot reach SQS queue '" + queue + "': " + e.getCause().getMessage(),
                    e);
        }
    }
}
