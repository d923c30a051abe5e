package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import io.benchfleet.jobdefs.spec.SpecOverrides;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The invariants every chaos scenario ends with, over all executions of the run's job instance: every planned
 * partition's latest attempt is COMPLETED with a result row (completed), no partition has two non-INFRA results
 * (duplicated), none is missing (lost), and step statuses agree with the results.
 */
record ChaosFigures(String scenario, int planned, int completed, int duplicated, int lost, List<String> problems) {

    static final Path SPEC = Path.of("../job-definitions/examples/smoke-oracle.yaml");

    static List<String> plannedKeys(Map<String, String> overrides) {
        BenchmarkSpec spec = SpecOverrides.apply(new BenchmarkSpecReader().read(SPEC), overrides);
        return new PartitionPlanner().plan(spec, ExpectedDurations.NONE).partitions().stream().map(Partition::key)
                .sorted().toList();
    }

    static ChaosFigures of(String scenario, JdbcTemplate jdbc, long anyJobExecutionId, List<String> plannedKeys) {
        long instance = jdbc.queryForObject("SELECT job_instance_id FROM batch_job_execution "
                + "WHERE job_execution_id = ?", Long.class, anyJobExecutionId);
        List<String> problems = new ArrayList<>();
        // latest attempt of each partition across all executions of the instance
        List<Map<String, Object>> latest = jdbc.queryForList("""
                SELECT DISTINCT ON (s.step_name) s.step_name, s.step_execution_id, s.status,
                       (SELECT count(*) FROM trial_result r WHERE r.step_execution_id = s.step_execution_id) AS results
                  FROM batch_step_execution s JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
                 WHERE e.job_instance_id = ? AND s.step_name LIKE 'trial:%'
                 ORDER BY s.step_name, s.step_execution_id DESC""", instance);
        TreeSet<String> seen = new TreeSet<>();
        int completed = 0;
        for (Map<String, Object> row : latest) {
            String key = ((String) row.get("step_name")).substring("trial:".length());
            seen.add(key);
            boolean done = "COMPLETED".equals(row.get("status")) && ((Number) row.get("results")).intValue() == 1;
            if (done && plannedKeys.contains(key)) {
                completed++;
            } else if (!done) {
                problems.add(key + ": latest attempt " + row.get("step_execution_id") + " is " + row.get("status")
                        + " with " + row.get("results") + " result rows");
            }
        }
        TreeSet<String> unplanned = new TreeSet<>(seen);
        plannedKeys.forEach(unplanned::remove);
        if (!unplanned.isEmpty()) {
            problems.add("partitions that were not planned: " + unplanned);
        }
        int lost = plannedKeys.size() - completed;
        List<String> dup = jdbc.queryForList("""
                SELECT partition_key FROM trial_result WHERE job_instance_id = ? AND failure_class <> 'INFRA'
                 GROUP BY partition_key HAVING count(*) > 1""", String.class, instance);
        if (!dup.isEmpty()) {
            problems.add("partitions with more than one non-INFRA result: " + dup);
        }
        // step status consistent with results: a non-INFRA result belongs to a COMPLETED step, a COMPLETED trial step
        // has exactly one result
        List<String> inconsistent = jdbc.queryForList("""
                SELECT s.step_name || ' (' || s.step_execution_id || ' ' || s.status || ', '
                       || (SELECT count(*) FROM trial_result r WHERE r.step_execution_id = s.step_execution_id)
                       || ' results)'
                  FROM batch_step_execution s JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
                 WHERE e.job_instance_id = ? AND s.step_name LIKE 'trial:%'
                   AND ((s.status = 'COMPLETED' AND (SELECT count(*) FROM trial_result r
                                                      WHERE r.step_execution_id = s.step_execution_id) <> 1)
                     OR (s.status <> 'COMPLETED' AND EXISTS (SELECT 1 FROM trial_result r
                           WHERE r.step_execution_id = s.step_execution_id AND r.failure_class <> 'INFRA')))""",
                String.class, instance);
        if (!inconsistent.isEmpty()) {
            problems.add("step status inconsistent with results: " + inconsistent);
        }
        ChaosFigures figures = new ChaosFigures(scenario, plannedKeys.size(), completed, dup.size(), lost, problems);
        System.out.println(figures.line());
        return figures;
    }

    String line() {
        return String.format("CHAOS %-22s planned %d / completed %d / duplicated %d / lost %d%s", scenario, planned,
                completed, duplicated, lost, problems.isEmpty() ? "" : "  problems: " + problems);
    }

    void assertClean() {
        assertThat(problems).as(line()).isEmpty();
        assertThat(completed).as(line()).isEqualTo(planned);
        assertThat(duplicated).as(line()).isZero();
        assertThat(lost).as(line()).isZero();
    }
}
