package io.benchfleet.manager.partition;

import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.message.MalformedPartitionRequestException;
import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Reads the dead-letter queue while a run is being supervised: a partition request that no worker could process
 * within the queue's receive limit marks its partition FAILED with that reason instead of leaving it hanging in
 * STARTING (restart re-sends it). Requests of other job executions are left alone; a message that is not a partition
 * request stays in the dead-letter queue for triage and is logged once per sighting.
 */
public class DeadLetterSweeper {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterSweeper.class);

    private static final String FAIL = """
            UPDATE batch_step_execution
               SET status = 'FAILED', exit_code = 'DEAD_LETTER', exit_message = ?, end_time = now(),
                   last_updated = now(), version = version + 1
             WHERE step_execution_id = ? AND job_execution_id = ? AND status IN ('STARTING', 'STARTED')""";

    private final SqsAsyncClient sqs;
    private final String deadLetterQueueUrl;
    private final JdbcTemplate jdbc;
    private final PartitionRequestCodec codec = new PartitionRequestCodec();

    public DeadLetterSweeper(SqsAsyncClient sqs, String deadLetterQueueUrl, JdbcTemplate jdbc) {
        this.sqs = sqs;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.jdbc = jdbc;
    }

    /** One pass over up to ten dead letters; returns how many partitions it marked FAILED. */
    public int sweep(long jobExecutionId) {
        List<Message> messages = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(deadLetterQueueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT).build())
                .join().messages();
        int failed = 0;
        for (Message m : messages) {
            PartitionRequest request;
            try {
                request = codec.decode(m.body());
            } catch (MalformedPartitionRequestException e) {
                log.error("dead-letter queue holds a message that is not a partition request ({}); left there for "
                        + "triage", e.getMessage());
                continue;
            }
            if (request.jobExecutionId() != jobExecutionId) {
                continue;
            }
            Map<MessageSystemAttributeName, String> attributes = m.attributes();
            String receives = attributes.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "?");
            String reason = request.partitionKey() + ": DEAD_LETTER: no worker could process its request (received "
                    + receives + " times; see the worker logs for this partition), restart re-sends it";
            failed += jdbc.update(FAIL, reason, request.stepExecutionId(), jobExecutionId);
            log.warn(reason);
            sqs.deleteMessage(DeleteMessageRequest.builder().queueUrl(deadLetterQueueUrl)
                    .receiptHandle(m.receiptHandle()).build()).join();
        }
        return failed;
    }
}
