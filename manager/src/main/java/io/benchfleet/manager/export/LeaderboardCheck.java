package io.benchfleet.manager.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Whether an exported run is valid for the terminal-bench leaderboard, and why not: the leaderboard takes a job run
 * with the timeout multiplier 1.0, no timeout or resource overrides, at least {@value #MIN_TRIALS_PER_TASK} trials per
 * task, and every trial's result. The overrides are read from what Harbor itself recorded in each partition's job
 * {@code config.json} (written without defaults: an absent field is Harbor's default), so they cover whatever was
 * passed, not only what the spec says. benchfleet adds one rule of its own: no simulated trial.
 *
 * @param valid   true when no rule is broken
 * @param reasons one line per broken rule
 */
public record LeaderboardCheck(boolean valid, List<String> reasons) {

    public static final int MIN_TRIALS_PER_TASK = 5;
    public static final double TIMEOUT_MULTIPLIER = 1.0;

    /** Timeout multipliers Harbor takes besides {@code timeout_multiplier}: any of them set is a timeout override. */
    static final List<String> MULTIPLIER_OVERRIDES = List.of("agent_timeout_multiplier",
            "verifier_timeout_multiplier", "agent_setup_timeout_multiplier", "environment_build_timeout_multiplier");
    /** {@code environment.*} resource overrides ({@code --override-cpus} and the like). */
    static final List<String> RESOURCE_OVERRIDES = List.of("override_cpus", "override_memory_mb",
            "override_storage_mb", "override_gpus", "override_tpu");
    /** {@code agents[].*} and {@code verifier.*} timeout overrides. */
    static final List<String> TIMEOUT_OVERRIDES = List.of("override_timeout_sec", "override_setup_timeout_sec",
            "max_timeout_sec");

    /**
     * @param jobConfig     the merged job's config (the first partition's)
     * @param configDiffers a partition whose config differs from the first's in more than its name and task, or null
     * @param trialsPerTask exported trials (with a result) per planned task, zero for tasks with none
     * @param simulated     exported trials the simulated executor produced
     * @param unrecorded    exported trials whose executor was not recorded
     * @param notExported   planned partitions without an exported trial, each with why
     */
    public static LeaderboardCheck of(JsonNode jobConfig, String configDiffers, Map<String, Integer> trialsPerTask,
            int simulated, int unrecorded, List<String> notExported) {
        List<String> reasons = new ArrayList<>();
        if (jobConfig == null) {
            reasons.add("no job config.json was archived: what Harbor ran with cannot be shown");
        } else {
            JsonNode multiplier = jobConfig.get("timeout_multiplier");
            if (multiplier != null && !multiplier.isNull() && multiplier.asDouble() != TIMEOUT_MULTIPLIER) {
                reasons.add("timeout multiplier " + multiplier.asString() + " (the leaderboard requires 1.0): run "
                        + "with timeouts.multiplier 1.0");
            }
            List<String> overrides = new ArrayList<>();
            MULTIPLIER_OVERRIDES.forEach(f -> set(jobConfig, f, f, overrides));
            RESOURCE_OVERRIDES.forEach(f -> set(jobConfig.path("environment"), f, "environment." + f, overrides));
            TIMEOUT_OVERRIDES.forEach(f -> set(jobConfig.path("verifier"), f, "verifier." + f, overrides));
            JsonNode agents = jobConfig.path("agents");
            for (int i = 0; i < agents.size(); i++) {
                for (String f : TIMEOUT_OVERRIDES) {
                    set(agents.get(i), f, "agents[" + i + "]." + f, overrides);
                }
            }
            if (!overrides.isEmpty()) {
                reasons.add("timeout or resource overrides: " + String.join(", ", overrides));
            }
        }
        if (configDiffers != null) {
            reasons.add("the partitions ran with different Harbor job configurations: " + configDiffers);
        }
        List<String> fewTrials = trialsPerTask.entrySet().stream().filter(e -> e.getValue() < MIN_TRIALS_PER_TASK)
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        if (!fewTrials.isEmpty()) {
            reasons.add(fewTrials.size() + " of " + trialsPerTask.size() + " tasks have fewer than "
                    + MIN_TRIALS_PER_TASK + " trials with a result: " + String.join(", ",
                    fewTrials.stream().limit(10).toList()) + (fewTrials.size() > 10 ? ", ..." : ""));
        }
        if (simulated > 0) {
            reasons.add(simulated + " trials are simulated (a rehearsal): their results are invented");
        }
        if (unrecorded > 0) {
            reasons.add(unrecorded + " trials do not record which executor produced them (recorded before "
                    + "benchfleet kept it)");
        }
        if (!notExported.isEmpty()) {
            reasons.add(notExported.size() + " planned partitions have no exported trial: "
                    + String.join("; ", notExported.stream().limit(5).toList())
                    + (notExported.size() > 5 ? "; ..." : ""));
        }
        return new LeaderboardCheck(reasons.isEmpty(), List.copyOf(reasons));
    }

    private static void set(JsonNode node, String field, String name, List<String> found) {
        JsonNode value = node == null ? null : node.get(field);
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            found.add(name + "=" + value);
        }
    }
}
