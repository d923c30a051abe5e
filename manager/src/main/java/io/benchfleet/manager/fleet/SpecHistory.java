package io.benchfleet.manager.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

import io.benchfleet.jobdefs.plan.ExecutorNames;
import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.Configuration;
import io.benchfleet.manager.run.HistoricalDurations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the repository knows about earlier runs of a spec, for a plan of a real run: trial durations per task and the
 * mean LLM cost per trial with the spec's model, from real trials only (the simulated executor's durations and costs
 * are invented).
 *
 * @param durations        expected trial durations by task (none without history)
 * @param tasksWithHistory how many of the spec's tasks have a recorded duration
 * @param llmCostPerTrial  mean {@code cost_usd} of earlier trials of the spec with its model, null without any
 * @param costTrials       how many trials that mean is over
 * @param database         where the history was read, null when the database was unreachable
 * @param note             why there is no history, or null
 * @param costByModel      mean {@code cost_usd} per trial and the trials it is over, for every model of the spec's
 *                         configurations that has any (a matrix spec has several)
 */
public record SpecHistory(ExpectedDurations durations, int tasksWithHistory, Double llmCostPerTrial,
        long costTrials, String database, String note, Map<String, ModelCost> costByModel) {

    /** The mean LLM cost per trial of a model in earlier trials of the spec. */
    public record ModelCost(double meanUsd, long trials) {
    }

    public SpecHistory {
        costByModel = costByModel == null ? Map.of() : Map.copyOf(costByModel);
    }

    private static final String MEAN_COST = """
            SELECT count(*) AS trials, avg(cost_usd) AS mean
              FROM trial_result
             WHERE spec_name = ? AND model = ? AND cost_usd IS NOT NULL
               AND executor IS DISTINCT FROM '%s'""".formatted(ExecutorNames.SIMULATED);

    /** Reads the history of {@code spec} from the job repository ({@code database} names it). */
    public static SpecHistory read(BenchmarkSpec spec, JdbcTemplate jdbc, String database) {
        ExpectedDurations durations = new HistoricalDurations(jdbc).forSpec(spec.name(), false);
        int known = (int) spec.tasks().stream().filter(t -> durations.expectedSeconds(t).isPresent()).count();
        Map<String, ModelCost> costs = new LinkedHashMap<>();
        for (Configuration c : spec.matrix()) {
            if (c.model() != null && !costs.containsKey(c.model())) {
                var row = jdbc.queryForMap(MEAN_COST, spec.name(), c.model());
                long trials = ((Number) row.get("trials")).longValue();
                if (trials > 0) {
                    costs.put(c.model(), new ModelCost(((Number) row.get("mean")).doubleValue(), trials));
                }
            }
        }
        ModelCost own = spec.model() == null || spec.isMatrix() ? null : costs.get(spec.model());
        return new SpecHistory(durations, known, own == null ? null : own.meanUsd(), own == null ? 0 : own.trials(),
                database, null, costs);
    }

    /** No history, and why. */
    public static SpecHistory none(String note) {
        return new SpecHistory(ExpectedDurations.NONE, 0, null, 0, null, note, Map.of());
    }
}
