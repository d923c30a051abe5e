package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * (b) Duplicate delivery of every message: besides the manager's own request, a copy of every partition request is
 * sent straight into the queue with the AWS SDK as soon as the partitions exist, and another once half of them are
 * done (so duplicates meet queued, running and finished partitions). No partition runs twice.
 */
class DuplicateDeliveryChaosTest extends ChaosScenario {

    @Test
    @Timeout(480)
    void everyRequestDeliveredSeveralTimesStillGivesOneResultPerPartition() {
        try (ChaosCluster cluster = new ChaosCluster("b-duplicates")) {
            cluster.startSqs();
            cluster.startWorker("w1", 3, "1500ms", "30s");
            cluster.startWorker("w2", 3, "1500ms", "30s");
            Process manager = startRun(cluster, "chaos-b");
            ChaosCluster.await("the partitions to be created", Duration.ofSeconds(180), () -> cluster.count(
                    "SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'trial:%'") == PLANNED.size());
            int sent;
            try (SqsClient sqs = cluster.sqs()) {
                String url = cluster.queueUrl(sqs, ChaosCluster.QUEUE);
                sent = sendDuplicates(cluster, sqs, url);
                ChaosCluster.await("half of the partitions to complete", Duration.ofSeconds(180),
                        () -> completedTrials(cluster) >= PLANNED.size() / 2);
                sent += sendDuplicates(cluster, sqs, url);
            }
            System.out.printf("CHAOS b-duplicates: %d duplicate requests sent%n", sent);

            assertManagerSucceeds(cluster, manager, 1, RUN_LIMIT);
            figures(cluster).assertClean();
            assertThat(sent).isEqualTo(2 * PLANNED.size());
            assertThat(cluster.count("SELECT count(*) FROM trial_result")).as("one result row in all")
                    .isEqualTo(PLANNED.size());
        }
    }

    private static int sendDuplicates(ChaosCluster cluster, SqsClient sqs, String url) {
        PartitionRequestCodec codec = new PartitionRequestCodec();
        List<Map<String, Object>> steps = cluster.db.jdbc().queryForList("SELECT job_execution_id, step_execution_id, "
                + "step_name FROM batch_step_execution WHERE step_name LIKE 'trial:%'");
        for (Map<String, Object> s : steps) {
            String key = ((String) s.get("step_name")).substring("trial:".length());
            sqs.sendMessage(SendMessageRequest.builder().queueUrl(url).messageBody(codec.encode(new PartitionRequest(
                    "trial", ((Number) s.get("job_execution_id")).longValue(),
                    ((Number) s.get("step_execution_id")).longValue(), key))).build());
        }
        return steps.size();
    }
}
