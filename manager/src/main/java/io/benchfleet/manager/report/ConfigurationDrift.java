package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether two runs compared by the regression section ran with the same configuration: the same executors, Harbor
 * release, agents and models, agent versions and task checksums. A difference is "configuration drift": a change in
 * pass rate may then come from the harness, the agent, the model or the tasks rather than from what was meant to
 * change. Only what both runs recorded is compared (rows from before these were recorded have none).
 */
public final class ConfigurationDrift {

    private ConfigurationDrift() {
    }

    /** One line per difference, baseline first ({@code Harbor 0.22.0 -> 0.25.0}); empty when there is none. */
    public static List<String> between(RunProvenance now, RunProvenance baseline) {
        List<String> drift = new ArrayList<>();
        if (!now.executors().isEmpty() && !baseline.executors().isEmpty()
                && !now.executors().keySet().equals(baseline.executors().keySet())) {
            drift.add("executor " + String.join("+", baseline.executors().keySet()) + " -> "
                    + String.join("+", now.executors().keySet()));
        }
        if (!now.harborVersions().isEmpty() && !baseline.harborVersions().isEmpty()
                && !now.harborVersions().equals(baseline.harborVersions())) {
            drift.add("Harbor " + String.join("+", baseline.harborVersions()) + " -> "
                    + String.join("+", now.harborVersions()));
        }
        if (!now.models().isEmpty() && !baseline.models().isEmpty() && !now.models().equals(baseline.models())) {
            drift.add("agent/model " + String.join("+", baseline.models()) + " -> " + String.join("+", now.models()));
        }
        for (Map.Entry<String, List<String>> agent : now.agentVersions().entrySet()) {
            List<String> before = baseline.agentVersions().get(agent.getKey());
            if (before != null && !before.equals(agent.getValue())) {
                drift.add("agent " + agent.getKey() + " " + String.join("+", before) + " -> "
                        + String.join("+", agent.getValue()));
            }
        }
        List<String> changedTasks = now.taskChecksums().entrySet().stream()
                .filter(t -> baseline.taskChecksums().containsKey(t.getKey()))
                .filter(t -> !Objects.equals(baseline.taskChecksums().get(t.getKey()), t.getValue()))
                .map(Map.Entry::getKey).toList();
        if (!changedTasks.isEmpty()) {
            drift.add("task checksum changed for " + changedTasks.size() + (changedTasks.size() == 1 ? " task (" :
                    " tasks (") + String.join(", ", changedTasks.stream().limit(10).toList())
                    + (changedTasks.size() > 10 ? ", ..." : "") + ")");
        }
        return List.copyOf(drift);
    }
}
