package io.benchfleet.manager.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Whether an unfinished run still has a manager, as every view shows it (status, list, the web pages, their JSON):
 * read from the run's manager lease in the database's clock. A run killed with its manager looks gone, not alive,
 * and says how to continue it.
 *
 * @param alive         the manager beat within the lease
 * @param owner         which manager process ({@code pid@host}), null when unknown
 * @param lastHeartbeat when it last beat, null when unknown
 * @param silentSeconds seconds since then, null when unknown
 * @param continueWith  the command that continues a run whose manager is gone, null while it is alive
 */
public record ManagerState(boolean alive, String owner, Instant lastHeartbeat, Long silentSeconds,
        String continueWith) {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /**
     * The state of an unfinished job execution's manager; null for a finished one, or when no manager ever took it
     * (a run launched before manager leases existed).
     */
    public static ManagerState of(long jobExecutionId, boolean finished, String owner, Instant lastHeartbeat,
            Double silentSeconds, long leaseMillis) {
        if (finished || lastHeartbeat == null || silentSeconds == null) {
            return null;
        }
        boolean alive = silentSeconds * 1000 <= leaseMillis;
        return new ManagerState(alive, owner, lastHeartbeat, Math.round(silentSeconds),
                alive ? null : "benchfleet restart " + jobExecutionId);
    }

    /** For people: {@code gone since 2026-12-02 02:13:05 UTC (no heartbeat for 95 s)}, or {@code alive (pid@host)}. */
    public String describe() {
        return alive ? "alive (" + owner + ", seen " + silentSeconds + " s ago)"
                : "gone since " + UTC.format(lastHeartbeat) + " (no heartbeat for " + silentSeconds + " s)";
    }
}
