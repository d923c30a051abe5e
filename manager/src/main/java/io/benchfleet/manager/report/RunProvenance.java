package io.benchfleet.manager.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.benchfleet.jobdefs.plan.ExecutorNames;

/**
 * What a run's trials (the latest result of each partition) ran with, from {@code trial_result}: which executors
 * produced them, how many are simulated (a rehearsal's invented results), and the Harbor releases, agent versions and
 * task checksums Harbor recorded. Reports flag simulated trials and compare this with the baseline run's
 * ({@link ConfigurationDrift}).
 *
 * @param executors       trials per executor ({@code docker}, {@code process}, {@code simulated}; {@code unknown} for
 *                        rows written before the executor was recorded)
 * @param simulatedTrials trials the simulated executor produced
 * @param harborVersions  the Harbor releases of the trials that recorded one, sorted
 * @param agentVersions   per agent, the versions its trials recorded, sorted
 * @param taskChecksums   per task, the task checksums its trials recorded, sorted (tasks without one left out)
 * @param models          the agents and models the trials ran, as {@code agent provider/model} ({@code agent} alone
 *                        for an agent without a model), sorted
 */
public record RunProvenance(Map<String, Integer> executors, int simulatedTrials, List<String> harborVersions,
        Map<String, List<String>> agentVersions, Map<String, List<String>> taskChecksums, List<String> models) {

    /** The name the simulated executor records. */
    public static final String SIMULATED = ExecutorNames.SIMULATED;

    /** No trials. */
    public static final RunProvenance NONE = new RunProvenance(Map.of(), 0, List.of(), Map.of(), Map.of(), List.of());

    /** One group of a run's latest results that share executor, versions and checksum. */
    public record Group(String executor, String harborVersion, String agent, String model, String agentVersion,
            String task, String taskChecksum, int trials) {
    }

    public static RunProvenance of(List<Group> groups) {
        Map<String, Integer> executors = new TreeMap<>();
        Set<String> harbor = new TreeSet<>();
        Map<String, Set<String>> agents = new TreeMap<>();
        Map<String, Set<String>> checksums = new TreeMap<>();
        Set<String> models = new TreeSet<>();
        int simulated = 0;
        for (Group g : groups) {
            String executor = g.executor() == null ? "unknown" : g.executor();
            executors.merge(executor, g.trials(), Integer::sum);
            if (SIMULATED.equals(executor)) {
                simulated += g.trials();
            }
            if (g.harborVersion() != null) {
                harbor.add(g.harborVersion());
            }
            if (g.agent() != null && g.agentVersion() != null) {
                agents.computeIfAbsent(g.agent(), a -> new TreeSet<>()).add(g.agentVersion());
            }
            if (g.agent() != null) {
                models.add(g.model() == null ? g.agent() : g.agent() + " " + g.model());
            }
            if (g.taskChecksum() != null) {
                checksums.computeIfAbsent(g.task(), t -> new TreeSet<>()).add(g.taskChecksum());
            }
        }
        return new RunProvenance(Collections.unmodifiableMap(executors), simulated, List.copyOf(harbor),
                lists(agents), lists(checksums), List.copyOf(models));
    }

    private static Map<String, List<String>> lists(Map<String, Set<String>> sets) {
        Map<String, List<String>> lists = new TreeMap<>();
        sets.forEach((k, v) -> lists.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(lists);
    }

    /** Whether any trial is simulated: the report is a rehearsal's. */
    public boolean rehearsal() {
        return simulatedTrials > 0;
    }
}
