package io.benchfleet.manager.local;

import java.net.URI;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An in-process SQS server (ElasticMQ) on loopback with the partition queue and its dead-letter queue, created the
 * way terraform creates them in AWS.
 */
public final class EmbeddedSqs implements AutoCloseable {

    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    public static final String REGION = "us-east-1";

    private final SQSRestServer server;
    private final URI endpoint;

    private EmbeddedSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts the server on a free loopback port and creates {@code queue} with {@code queue-dlq}. */
    public static EmbeddedSqs start(String queue, int visibilityTimeoutSeconds, int maxReceiveCount) {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion(REGION).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        EmbeddedSqs sqs = new EmbeddedSqs(server, URI.create("http://127.0.0.1:" + port));
        sqs.createQueues(queue, visibilityTimeoutSeconds, maxReceiveCount);
        return sqs;
    }

    private void createQueues(String queue, int visibilityTimeoutSeconds, int maxReceiveCount) {
        try (SqsClient client = client()) {
            String dlqUrl = client.createQueue(CreateQueueRequest.builder().queueName(queue + "-dlq").build())
                    .queueUrl();
            String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            client.createQueue(CreateQueueRequest.builder().queueName(queue).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                            + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))
                    .build());
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A synchronous client for this server (tests, queue inspection). */
    public SqsClient client() {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
