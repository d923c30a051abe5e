package io.benchfleet.manager.partition;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.benchfleet.jobdefs.message.MalformedPartitionRequestException;
import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import io.benchfleet.manager.run.RunFence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
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
 *
 * <p>Sweeping is best effort and never fails a run: the queue's URL is looked up on the first sweep, and a sweep that
 * cannot reach the queue (a timeout under load, a network blip, a missing queue) logs one warning and the next
 * interval tries again; dead letters wait in the queue meanwhile.
 */
public class DeadLetterSweeper {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterSweeper.class);

    private static final String FAIL = """
            UPDATE batch_step_execution
               SET status = 'FAILED', exit_code = 'DEAD_LETTER', exit_message = ?, end_time = now(),
                   last_updated = now(), version = version + 1
             WHERE step_execution_id = ? AND job_execution_id = ? AND status IN ('STARTING', 'STARTED')
               AND %s""".formatted(RunFence.HELD);

    private final SqsAsyncClient sqs;
    private final Supplier<String> queueUrlLookup;
    private final JdbcTemplate jdbc;
    private final PartitionRequestCodec codec = new PartitionRequestCodec();
    private volatile String deadLetterQueueUrl;
    private volatile String lastFailure;

    /** {@code queueUrlLookup} resolves the dead-letter queue's URL (throws one line when it cannot). */
    public DeadLetterSweeper(SqsAsyncClient sqs, Supplier<String> queueUrlLookup, JdbcTemplate jdbc) {
        this.sqs = sqs;
        this.queueUrlLookup = queueUrlLookup;
        this.jdbc = jdbc;
    }

    /**
     * One pass over up to ten dead letters; returns how many partitions it marked FAILED (0 when the queue could not
     * be read: it is read again next time).
     */
    public int sweep(RunFence fence) {
        long jobExecutionId = fence.jobExecutionId();
        if (deadLetterQueueUrl == null) {
            try {
                deadLetterQueueUrl = queueUrlLookup.get();
            } catch (RuntimeException e) {
                // the lookup's own one-line message names the queue and what to do
                unreachable(e.getMessage() != null ? e.getMessage() : rootCause(e));
                return 0;
            }
        }
        List<Message> messages;
        try {
            messages = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(deadLetterQueueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(0).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT).build())
                    .join().messages();
        } catch (RuntimeException e) {
            unreachable(rootCause(e));
            return 0;
        }
        if (lastFailure != null) {
            log.info("dead-letter queue readable again: sweeping it");
            lastFailure = null;
        }
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
            failed += jdbc.update(FAIL, reason, request.stepExecutionId(), jobExecutionId, fence.jobInstanceId(),
                    fence.epoch());
            log.warn(reason);
            try {
                sqs.deleteMessage(DeleteMessageRequest.builder().queueUrl(deadLetterQueueUrl)
                        .receiptHandle(m.receiptHandle()).build()).join();
            } catch (RuntimeException e) {
                // the partition is FAILED already; the message is seen again and skipped (no longer STARTING)
                unreachable(rootCause(e));
            }
        }
        return failed;
    }

    private static String rootCause(RuntimeException e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** One warning per distinct failure, not one per interval. */
    private void unreachable(String reason) {
        if (!reason.equals(lastFailure)) {
            log.warn("cannot sweep the dead-letter queue ({}); the run goes on and the next interval tries again - "
                    + "dead letters wait in the queue until then", reason);
        }
        lastFailure = reason;
    }
}
