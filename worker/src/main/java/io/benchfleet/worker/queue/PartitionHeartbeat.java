package io.benchfleet.worker.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps the lease of the partitions this process runs: every interval one UPDATE refreshes {@code last_updated} of
 * all of them in the repository, and each message's SQS visibility is extended so the queue does not hand it to
 * another host. A partition whose heartbeat is older than the lease belongs to a dead worker and may be claimed again
 * ({@link StepClaim}) or failed by {@code restart}.
 */
public class PartitionHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionHeartbeat.class);

    private static final String BEAT = """
            UPDATE batch_step_execution SET last_updated = now()
             WHERE step_execution_id = ANY (?) AND status = 'STARTED'""";

    private final JdbcTemplate jdbc;
    private final Duration visibility;
    private final Map<Long, Visibility> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchfleet-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param interval   how often to beat (DESIGN: ~30 s)
     * @param visibility what each beat extends a message's visibility to (longer than the interval)
     */
    public PartitionHeartbeat(JdbcTemplate jdbc, Duration interval, Duration visibility) {
        this.jdbc = jdbc;
        this.visibility = visibility;
        scheduler.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void started(long stepExecutionId, Visibility messageVisibility) {
        running.put(stepExecutionId, messageVisibility == null ? NO_VISIBILITY : messageVisibility);
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
            Long[] ids = running.keySet().toArray(Long[]::new);
            jdbc.update(con -> {
                var ps = con.prepareStatement(BEAT);
                ps.setArray(1, con.createArrayOf("bigint", ids));
                return ps;
            });
            int seconds = (int) Math.min(43_200, visibility.toSeconds());
            running.values().forEach(v -> v.changeToAsync(seconds).exceptionally(e -> {
                log.warn("could not extend a message's visibility: {}", e.getMessage());
                return null;
            }));
        } catch (RuntimeException e) {
            log.warn("heartbeat failed (repository unreachable?): {}; retrying next interval", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private static final Visibility NO_VISIBILITY = new Visibility() {
        @Override
        public java.util.concurrent.CompletableFuture<Void> changeToAsync(int seconds) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    };
}
