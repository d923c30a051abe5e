package io.benchfleet.manager.partition;

import java.util.ArrayList;
import java.util.List;

import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.worker.config.WorkerConfiguration;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * Sends one partition request per step execution to the outbound channel (the Spring Integration SQS adapter), in
 * SQS batches of ten, in the order given.
 */
public class PartitionDispatcher {

    static final int SQS_BATCH = 10;

    private final MessageChannel requests;
    private final PartitionRequestCodec codec = new PartitionRequestCodec();

    public PartitionDispatcher(MessageChannel requests) {
        this.requests = requests;
    }

    public void dispatch(List<StepExecution> partitions) {
        List<Message<String>> batch = new ArrayList<>(SQS_BATCH);
        for (StepExecution partition : partitions) {
            String key = partition.getExecutionContext().getString(PartitionContextKeys.KEY);
            batch.add(new GenericMessage<>(codec.encode(new PartitionRequest(WorkerConfiguration.TRIAL_STEP,
                    partition.getJobExecutionId(), partition.getId(), key))));
            if (batch.size() == SQS_BATCH) {
                send(batch);
                batch = new ArrayList<>(SQS_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private void send(List<Message<String>> batch) {
        boolean sent;
        try {
            sent = requests.send(new GenericMessage<>(batch));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot send partition requests to SQS: " + rootMessage(e)
                    + " (check benchfleet.sqs.queue and the queue's existence and permissions)", e);
        }
        if (!sent) {
            throw new IllegalStateException("the partition request channel refused a batch of " + batch.size());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
