package io.benchfleet.manager.chaos;

import java.net.URI;
import java.util.Map;

import io.benchfleet.manager.local.EmbeddedSqs;
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
 * ElasticMQ as its own process on loopback, like SQS in production is not part of the manager: creates the queue and
 * its dead-letter queue the way {@link EmbeddedSqs} (and terraform) do, prints {@code CHAOS-SQS-PORT <port>} and
 * runs until killed or until its parent (the test JVM) is gone.
 *
 * <p>Arguments: {@code queue visibilityTimeoutSeconds maxReceiveCount}.
 */
public final class ChaosSqsServer {

    private ChaosSqsServer() {
    }

    public static void main(String[] args) throws Exception {
        String queue = args[0];
        int visibility = Integer.parseInt(args[1]);
        int maxReceiveCount = Integer.parseInt(args[2]);
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion(EmbeddedSqs.REGION).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        try (SqsClient client = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(EmbeddedSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        EmbeddedSqs.ACCESS_KEY, EmbeddedSqs.SECRET_KEY)))
                .build()) {
            String dlqUrl = client.createQueue(CreateQueueRequest.builder().queueName(queue + "-dlq").build())
                    .queueUrl();
            String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            client.createQueue(CreateQueueRequest.builder().queueName(queue).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibility),
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                            + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))
                    .build());
        }
        System.out.println("CHAOS-SQS-PORT " + port);
        System.out.flush();
        // never outlive the test JVM, even when it is killed itself
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime()
                .halt(0)));
        Thread.currentThread().join();
    }
}
