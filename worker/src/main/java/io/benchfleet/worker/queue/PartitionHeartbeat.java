package io.benchfleet.worker.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.Visibility;
import io.benchfleet.jobdefs.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * Keeps the leases of the partitions this process runs: every interval one UPDATE renews the heartbeat of all of
 * them in {@code step_lease} (in the database's clock), each only while this worker's claim token still holds it,
 * and each message's SQS visibility is extended so the queue does not hand it to another host - in batches, one
 * {@code ChangeMessageVisibilityBatch} per queue and ten messages held ({@link HeldMessage}) rather than one request
 * per message. A partition whose
 * heartbeat is older than the lease belongs to a dead worker and may be claimed again ({@link StepClaim}) or failed
 * by {@code restart}. A lease taken over by another worker (this one was paused past the lease) is reported once.
 */
public class PartitionHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionHeartbeat.class);

    /** The most entries one SQS batch request may carry. */
    private static final int MAX_PER_BATCH = 10;

    private static final String BEAT = """
            UPDATE step_lease l SET heartbeat_at = now()
              FROM unnest(?::bigint[], ?::uuid[]) AS mine(step_execution_id, token)
             WHERE l.step_execution_id = mine.step_execution_id AND l.token = mine.token
            RETURNING l.step_execution_id""";

    private final JdbcTemplate jdbc;
    private final SqsAsyncClient sqs;
    private final Duration visibility;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchfleet-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private record Running(StepClaim.Lease lease, Visibility visibility) {
    }

    /**
     * @param interval   how often to beat (~30 s)
     * @param visibility what each beat extends a message's visibility to (longer than the interval)
     */
    public PartitionHeartbeat(JdbcTemplate jdbc, Duration interval, Duration visibility) {
        this(jdbc, null, interval, visibility);
    }

    /**
     * @param sqs the consumers' client, which extends the {@link HeldMessage}s of a queue in batches (null: one
     *            request per message)
     */
    public PartitionHeartbeat(JdbcTemplate jdbc, SqsAsyncClient sqs, Duration interval, Duration visibility) {
        this.jdbc = jdbc;
        this.sqs = sqs;
        this.visibility = visibility;
        scheduler.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void started(StepClaim.Lease lease, Visibility messageVisibility) {
        running.put(lease.stepExecutionId(), new Running(lease, messageVisibility == null ? NO_VISIBILITY
                : messageVisibility));
    }

    public void finished(long stepExecutionId) {
        running.remove(stepExecutionId);
    }

    public int running() {
        return running.size();
    }

    void beat() {
        if (running.isEmpty()) {
            return;
        }
        try {
            List<Running> beating = List.copyOf(running.values());
            Long[] ids = beating.stream().map(r -> r.lease().stepExecutionId()).toArray(Long[]::new);
            UUID[] tokens = beating.stream().map(r -> r.lease().token()).toArray(UUID[]::new);
            List<Long> renewed = jdbc.query(con -> {
                var ps = con.prepareStatement(BEAT);
                ps.setArray(1, con.createArrayOf("bigint", ids));
                ps.setArray(2, con.createArrayOf("uuid", tokens));
                return ps;
            }, (rs, i) -> rs.getLong(1));
            int seconds = (int) Math.min(43_200, visibility.toSeconds());
            Map<String, List<String>> batches = new HashMap<>();
            for (Running r : beating) {
                if (renewed.contains(r.lease().stepExecutionId())) {
                    if (sqs != null && r.visibility() instanceof HeldMessage held && held.batchable()) {
                        batches.computeIfAbsent(held.queueUrl(), q -> new ArrayList<>()).add(held.receiptHandle());
                    } else {
                        extend(r.visibility(), seconds);
                    }
                } else if (running.remove(r.lease().stepExecutionId()) != null) {
                    log.warn("step execution {}: another worker took its lease over (this worker's heartbeat was "
                            + "late); its result will not be recorded here", r.lease().stepExecutionId());
                }
            }
            batches.forEach((queueUrl, handles) -> extendInBatches(queueUrl, handles, seconds));
        } catch (RuntimeException e) {
            log.warn("heartbeat failed (repository unreachable?): {}; retrying next interval",
                    Messages.rootMessage(e));
        }
    }

    /**
     * One {@code ChangeMessageVisibilityBatch} per ten messages of a queue (SQS's limit). A batch answers failed
     * entries in its response, not as an error (Spring Cloud AWS's {@code QueueMessageBatchVisibility} drops them),
     * so each is logged here as a failed single change would be.
     */
    private void extendInBatches(String queueUrl, List<String> receiptHandles, int seconds) {
        for (int from = 0; from < receiptHandles.size(); from += MAX_PER_BATCH) {
            List<String> batch = receiptHandles.subList(from, Math.min(from + MAX_PER_BATCH, receiptHandles.size()));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + i)
                        .receiptHandle(batch.get(i)).visibilityTimeout(seconds).build());
            }
            extend(sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries))
                    .thenAccept(response -> response.failed().forEach(failed -> log.warn(
                            "could not extend a message's visibility: {} ({})", failed.message(), failed.code()))));
        }
    }

    private static void extend(Visibility visibility, int seconds) {
        extend(visibility.changeToAsync(seconds));
    }

    private static void extend(CompletableFuture<Void> change) {
        change.exceptionally(e -> {
            log.warn("could not extend a message's visibility: {}", e.getMessage());
            return null;
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private static final Visibility NO_VISIBILITY = new Visibility() {
        @Override
        public CompletableFuture<Void> changeToAsync(int seconds) {
            return CompletableFuture.completedFuture(null);
        }
    };
}
