package io.benchfleet.manager.run;

import java.util.HashMap;
import java.util.Map;

import io.benchfleet.jobdefs.plan.ExecutorNames;
import io.benchfleet.jobdefs.plan.ExpectedDurations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Expected trial durations per task from earlier runs of the same spec (mean of finished, non-INFRA trials), so the
 * longest trials are dispatched first. A real run learns only from real trials; a rehearsal from every trial (its own
 * kind included), since the simulated executor's durations are invented.
 */
public class HistoricalDurations {

    private static final String QUERY = """
            SELECT task, CAST(avg(duration_ms) AS BIGINT) AS millis
              FROM trial_result
             WHERE spec_name = ? AND failure_class <> 'INFRA' AND duration_ms IS NOT NULL
               AND (? OR executor IS DISTINCT FROM '%s')
             GROUP BY task""".formatted(ExecutorNames.SIMULATED);

    private final JdbcTemplate jdbc;

    public HistoricalDurations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param rehearsal whether the durations are for a rehearsal (then simulated trials count too) */
    public ExpectedDurations forSpec(String specName, boolean rehearsal) {
        Map<String, Long> millis = new HashMap<>();
        jdbc.query(QUERY, rs -> {
            millis.put(rs.getString("task"), Math.max(1, rs.getLong("millis")));
        }, specName, rehearsal);
        return millis.isEmpty() ? ExpectedDurations.NONE : ExpectedDurations.ofMillis(millis);
    }
}
