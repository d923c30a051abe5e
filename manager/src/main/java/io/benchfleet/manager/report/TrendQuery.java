package io.benchfleet.manager.report;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the trend needs from the repository besides the runs themselves ({@link TrialResultQuery#completedRunsBefore}):
 * the pass counts per task of those runs in one query whatever the window (the latest result of each partition, as
 * the runs' own reports count them).
 */
public class TrendQuery {

    private static final String TALLIES = """
            SELECT job_instance_id, configuration, task, count(*) AS trials, count(*) FILTER (WHERE passed) AS passes,
                   coalesce(sum(cost_usd), 0) AS cost, min(started_at) AS first_started,
                   max(finished_at) AS last_finished
              FROM (SELECT DISTINCT ON (job_instance_id, partition_key) *
                      FROM trial_result WHERE job_instance_id = ANY (?)
                     ORDER BY job_instance_id, partition_key, id DESC) latest
             GROUP BY job_instance_id, configuration, task""";

    private final JdbcTemplate jdbc;

    public TrendQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One run's results: pass counts per subject (task, or configuration/task), cost, first trial start and last end. */
    public record Results(Map<String, TaskComparisons.Tally> tallies, double costUsd, Instant firstStarted,
            Instant lastFinished) {
    }

    /** The results of these job instances, by instance (instances without results are absent). */
    public Map<Long, Results> results(List<Long> jobInstanceIds) {
        Map<Long, Map<String, TaskComparisons.Tally>> tallies = new LinkedHashMap<>();
        Map<Long, double[]> cost = new LinkedHashMap<>();
        Map<Long, Instant> first = new LinkedHashMap<>();
        Map<Long, Instant> last = new LinkedHashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement(TALLIES);
            Array ids = con.createArrayOf("bigint", jobInstanceIds.toArray());
            ps.setArray(1, ids);
            return ps;
        }, rs -> {
            long id = rs.getLong("job_instance_id");
            tallies.computeIfAbsent(id, k -> new TreeMap<>()).put(TrialRow.subject(rs.getString("configuration"),
                    rs.getString("task")), new TaskComparisons.Tally(rs.getInt("trials"), rs.getInt("passes")));
            cost.computeIfAbsent(id, k -> new double[1])[0] += rs.getDouble("cost");
            Instant started = instant(rs.getTimestamp("first_started"));
            if (started != null && (first.get(id) == null || started.isBefore(first.get(id)))) {
                first.put(id, started);
            }
            Instant finished = instant(rs.getTimestamp("last_finished"));
            if (finished != null && (last.get(id) == null || finished.isAfter(last.get(id)))) {
                last.put(id, finished);
            }
        });
        Map<Long, Results> results = new LinkedHashMap<>();
        tallies.forEach((id, t) -> results.put(id, new Results(t, cost.get(id)[0], first.get(id), last.get(id))));
        return results;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /** The instances of runs, in the order given. */
    static List<Long> instances(List<TrialResultQuery.Baseline> runs) {
        List<Long> ids = new ArrayList<>();
        runs.forEach(r -> ids.add(r.jobInstanceId()));
        return ids;
    }
}
