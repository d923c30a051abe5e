package io.benchfleet.manager.run;

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
            SELECT task, CAST(avg(duration_ms) AS BIGINT) AS millis
              FROM trial_result
             WHERE spec_name = ? AND failure_class <> 'INFRA' AND duration_ms IS NOT NULL
             GROUP BY task""";

    private final JdbcTemplate jdbc;

    public HistoricalDurations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ExpectedDurations forSpec(String specName) {
        Map<String, Long> millis = new HashMap<>();
        jdbc.query(QUERY, rs -> {
            millis.put(rs.getString("task"), Math.max(1, rs.getLong("millis")));
        }, specName);
        return millis.isEmpty() ? ExpectedDurations.NONE : ExpectedDurations.ofMillis(millis);
    }
}
