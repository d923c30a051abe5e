package io.benchfleet.manager.job;

import java.util.HashMap;
import java.util.Map;

import io.benchfleet.jobdefs.plan.ExpectedDurations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Expected trial durations per task from earlier runs of the same spec (mean of finished, non-INFRA trials), so the
 * longest trials are dispatched first.
 */
public class HistoricalDurations {

    private static final String QUERY = """
            SELECT task, CAST(avg(duration_ms) / 1000 AS BIGINT) AS seconds
              FROM trial_result
             WHERE spec_name = ? AND failure_class <> 'INFRA' AND duration_ms IS NOT NULL
             GROUP BY task""";

    private final JdbcTemplate jdbc;

    public HistoricalDurations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ExpectedDurations forSpec(String specName) {
        Map<String, Long> seconds = new HashMap<>();
        jdbc.query(QUERY, rs -> {
            seconds.put(rs.getString("task"), Math.max(1, rs.getLong("seconds")));
        }, specName);
        return seconds.isEmpty() ? ExpectedDurations.NONE : ExpectedDurations.of(seconds);
    }
}
