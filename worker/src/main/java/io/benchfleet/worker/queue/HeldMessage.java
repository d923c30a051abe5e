package io.benchfleet.worker.queue;

import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import org.springframework.messaging.Message;

/**
 * The visibility of a message a worker slot holds while its partition runs, with what a batched change needs: the
 * queue it came from and its receipt handle. {@link PartitionHeartbeat} extends all the messages of a queue that a
 * host holds with one {@code ChangeMessageVisibilityBatch} per beat instead of one request per message.
 */
public record HeldMessage(Visibility visibility, String queueUrl, String receiptHandle) implements Visibility {

    /** The message's own visibility (Spring Cloud AWS's header), or null when it has none. */
    public static HeldMessage of(Message<?> message) {
        Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
        if (visibility == null) {
            return null;
        }
        return new HeldMessage(visibility, message.getHeaders().get(SqsHeaders.SQS_QUEUE_URL_HEADER, String.class),
                message.getHeaders().get(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, String.class));
    }

    /** True when the message can be changed in a batch of its queue's messages. */
    boolean batchable() {
        return queueUrl != null && receiptHandle != null;
    }

    @Override
    public CompletableFuture<Void> changeToAsync(int seconds) {
        return visibility.changeToAsync(seconds);
    }
}
