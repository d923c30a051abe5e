package io.benchfleet.manager.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * benchfleet's own meters in {@code serve}, read from the job repository with two aggregate queries at most every
 * few seconds (whatever the scrape rate):
 * <ul>
 * <li>{@code benchfleet.partitions{state}} gauge: partitions of the running runs by state (queued, running,
 * completed, failed, stopped); {@code benchfleet.runs.running} gauge;</li>
 * <li>{@code benchfleet.trial.failures{class}} counter: trial results with a failure, by class (AGENT, VERIFIER,
 * INFRA, CONFIG), over all runs.</li>
 * </ul>
 */
public class ServeMetrics implements MeterBinder {

    public static final List<String> STATES = List.of("queued", "running", "completed", "failed", "stopped");
    public static final List<String> FAILURE_CLASSES = List.of("AGENT", "VERIFIER", "INFRA", "CONFIG");

    private static final Duration TTL = Duration.ofSeconds(5);

    private static final String PARTITIONS = """
            SELECT status, count(*) AS n
              FROM (SELECT DISTINCT ON (s.job_execution_id, s.step_name) s.status
                      FROM batch_step_execution s
                      JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
                     WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING') AND s.step_name LIKE 'trial:%'
                     ORDER BY s.job_execution_id, s.step_name, s.step_execution_id DESC) latest
             GROUP BY status""";

    private static final String RUNNING = """
            SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED', 'STOPPING')""";

    private static final String FAILURES = """
            SELECT failure_class, count(*) AS n FROM trial_result WHERE failure_class <> 'NONE' GROUP BY failure_class""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private Snapshot snapshot;

    public ServeMetrics(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Snapshot(Instant at, Map<String, Integer> partitions, int runningRuns, Map<String, Long> failures) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String state : STATES) {
            Gauge.builder("benchfleet.partitions", this, m -> m.snapshot().partitions().getOrDefault(state, 0))
                    .tag("state", state).description("Partitions of the running runs by state")
                    .register(registry);
        }
        Gauge.builder("benchfleet.runs.running", this, m -> m.snapshot().runningRuns())
                .description("Runs (job executions) not finished yet").register(registry);
        for (String cls : FAILURE_CLASSES) {
            FunctionCounter.builder("benchfleet.trial.failures", this,
                            m -> m.snapshot().failures().getOrDefault(cls, 0L))
                    .tag("class", cls).description("Trial results with a failure, by failure class")
                    .register(registry);
        }
    }

    synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        if (snapshot == null || snapshot.at().plus(TTL).isBefore(now)) {
            Map<String, Integer> partitions = new HashMap<>();
            jdbc.query(PARTITIONS, rs -> {
                partitions.merge(state(rs.getString("status")), rs.getInt("n"), Integer::sum);
            });
            Integer running = jdbc.queryForObject(RUNNING, Integer.class);
            Map<String, Long> failures = new HashMap<>();
            jdbc.query(FAILURES, rs -> {
                failures.put(rs.getString("failure_class"), rs.getLong("n"));
            });
            snapshot = new Snapshot(now, partitions, running == null ? 0 : running, failures);
        }
        return snapshot;
    }

    static String state(String batchStatus) {
        return switch (batchStatus) {
            case "STARTING" -> "queued";
            case "STARTED", "STOPPING" -> "running";
            case "COMPLETED" -> "completed";
            case "FAILED", "ABANDONED" -> "failed";
            default -> "stopped";
        };
    }
}
