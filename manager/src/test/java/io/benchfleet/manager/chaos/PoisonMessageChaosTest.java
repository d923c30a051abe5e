package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * (e) A poison message (a body that is not JSON) sent to the queue mid-run: every worker that receives it logs it
 * and leaves it unacknowledged; after the queue's maxReceiveCount it is in the dead-letter queue; the run completes.
 */
class PoisonMessageChaosTest extends ChaosScenario {

    static final String POISON = "this is not a partition request {";

    @Test
    @Timeout(480)
    void aPoisonMessageEndsInTheDeadLetterQueueAndTheRunCompletes() {
        try (ChaosCluster cluster = new ChaosCluster("e-poison"); SqsClient sqs = startAndClient(cluster)) {
            cluster.startWorker("w1", 2, "1500ms", "30s");
            cluster.startWorker("w2", 2, "1500ms", "30s");
            Process manager = startRun(cluster, "chaos-e");
            ChaosCluster.await("the run to be under way", Duration.ofSeconds(180),
                    () -> completedTrials(cluster) >= 1);
            sqs.sendMessage(SendMessageRequest.builder().queueUrl(cluster.queueUrl(sqs, ChaosCluster.QUEUE))
                    .messageBody(POISON).build());

            assertManagerSucceeds(cluster, manager, 1, RUN_LIMIT);
            figures(cluster).assertClean();
            String dlq = cluster.queueUrl(sqs, ChaosCluster.QUEUE + "-dlq");
            ChaosCluster.await("the poison message in the dead-letter queue", Duration.ofSeconds(60),
                    () -> messages(sqs, dlq) == 1);
            String workerLogs = cluster.output("w1") + cluster.output("w2");
            long sightings = workerLogs.lines().filter(l -> l.contains("poison message")).count();
            System.out.printf("CHAOS e-poison: poison message in the DLQ after %d receives logged by the workers%n",
                    sightings);
            assertThat(sightings).as("logged on every receive").isEqualTo(ChaosCluster.MAX_RECEIVE_COUNT);
            assertThat(workerLogs).contains("message body is not JSON: " + POISON);
            assertThat(messages(sqs, cluster.queueUrl(sqs, ChaosCluster.QUEUE))).as("main queue drained").isZero();
        }
    }

    private static SqsClient startAndClient(ChaosCluster cluster) {
        cluster.startSqs();
        return cluster.sqs();
    }

    /** Visible + in flight (the manager's dead-letter sweeper may be looking at it). */
    static int messages(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED).build()).attributes();
        return a.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
