package io.benchfleet.manager.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.plan.TrialStep;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
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
                     WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING') AND s.step_name LIKE ?
                     ORDER BY s.job_execution_id, s.step_name, s.step_execution_id DESC) latest
             GROUP BY status""";

    private static final String RUNNING = """
            SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTING', 'STARTED', 'STOPPING')""";

    private static final String FAILURES = """
            SELECT failure_class, count(*) AS n FROM trial_result WHERE failure_class <> 'NONE' GROUP BY failure_class""";

    /** Upper bounds (seconds) of the trial duration histogram, as Prometheus {@code le} buckets. */
    public static final List<Integer> DURATION_BUCKETS = List.of(60, 300, 600, 900, 1800, 3600, 7200);

    private static final String DURATIONS = """
            SELECT %s FROM trial_result WHERE duration_ms IS NOT NULL AND created_at > now() - interval '24 hours'""";

    private static final String PER_HOST = """
            SELECT host, count(*) AS n FROM trial_result WHERE created_at > now() - interval '24 hours'
             GROUP BY host""";

    private final JdbcTemplate jdbc;
    private MultiGauge perHost;
    private final Clock clock;
    private Snapshot snapshot;

    public ServeMetrics(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Snapshot(Instant at, Map<String, Integer> partitions, int runningRuns, Map<String, Long> failures,
            long[] durationBuckets, long durationCount, double durationSumSeconds, Map<String, Long> trialsPerHost) {
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
        for (int i = 0; i < DURATION_BUCKETS.size(); i++) {
            int bucket = i;
            Gauge.builder("benchfleet.trial.duration.seconds", this,
                            m -> m.snapshot().durationBuckets()[bucket])
                    .tag("le", Integer.toString(DURATION_BUCKETS.get(i)))
                    .description("Trials of the last 24 h that took at most le seconds (cumulative histogram)")
                    .register(registry);
        }
        Gauge.builder("benchfleet.trial.duration.seconds", this, m -> m.snapshot().durationCount())
                .tag("le", "+Inf").register(registry);
        Gauge.builder("benchfleet.trial.duration.seconds.sum", this, m -> m.snapshot().durationSumSeconds())
                .description("Total trial seconds of the last 24 h").register(registry);
        perHost = MultiGauge.builder("benchfleet.trials.per.host")
                .description("Trials each host ran in the last 24 h").register(registry);
        Gauge.builder("benchfleet.hosts.active", this, m -> m.refreshPerHost())
                .description("Hosts that ran trials in the last 24 h").register(registry);
        refreshPerHost(); // rows exist from the first scrape on; each scrape refreshes them
    }

    /** Refreshes the per-host gauges (dynamic tags) and returns how many hosts there are. */
    double refreshPerHost() {
        Map<String, Long> hosts = snapshot().trialsPerHost();
        perHost.register(hosts.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("host", e.getKey()), e.getValue()))
                .toList(), true);
        return hosts.size();
    }

    synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        if (snapshot == null || snapshot.at().plus(TTL).isBefore(now)) {
            Map<String, Integer> partitions = new HashMap<>();
            jdbc.query(PARTITIONS, rs -> {
                partitions.merge(state(rs.getString("status")), rs.getInt("n"), Integer::sum);
            }, TrialStep.PARTITION_PREFIX + "%");
            Integer running = jdbc.queryForObject(RUNNING, Integer.class);
            Map<String, Long> failures = new HashMap<>();
            jdbc.query(FAILURES, rs -> {
                failures.put(rs.getString("failure_class"), rs.getLong("n"));
            });
            StringBuilder columns = new StringBuilder("count(*), coalesce(sum(duration_ms), 0) / 1000.0");
            for (int le : DURATION_BUCKETS) {
                columns.append(", count(*) FILTER (WHERE duration_ms <= ").append(le * 1000L).append(')');
            }
            long[] buckets = new long[DURATION_BUCKETS.size()];
            long[] count = new long[1];
            double[] sum = new double[1];
            jdbc.query(DURATIONS.formatted(columns), rs -> {
                count[0] = rs.getLong(1);
                sum[0] = rs.getDouble(2);
                for (int i = 0; i < buckets.length; i++) {
                    buckets[i] = rs.getLong(3 + i);
                }
            });
            Map<String, Long> perHostCounts = new HashMap<>();
            jdbc.query(PER_HOST, rs -> {
                perHostCounts.put(rs.getString("host"), rs.getLong("n"));
            });
            snapshot = new Snapshot(now, partitions, running == null ? 0 : running, failures, buckets, count[0],
                    sum[0], perHostCounts);
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
