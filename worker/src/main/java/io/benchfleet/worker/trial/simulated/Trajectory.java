package io.benchfleet.worker.trial.simulated;

import java.time.Instant;
import java.util.List;

/**
 * A small ATIF trajectory ({@code agent/trajectory.json}), as Harbor's installed agents leave one: the instruction,
 * the agent's answer and the totals.
 */
record Trajectory(String schemaVersion, String sessionId, Agent agent, List<Step> steps, FinalMetrics finalMetrics) {

    static final String SCHEMA_VERSION = "ATIF-v1.5";

    /** The agent that produced the trajectory. */
    record Agent(String name, String version, String modelName) {
    }

    /** One step: the user's instruction or the agent's message. */
    sealed interface Step {
    }

    /** What the user said; {@code source} is {@code user}. */
    record UserStep(int stepId, Instant timestamp, String source, String message) implements Step {
    }

    /** What the agent answered, with the model it used; {@code source} is {@code agent}. */
    record AgentStep(int stepId, Instant timestamp, String source, String modelName, String message)
            implements Step {
    }

    /** Totals over the trajectory. */
    record FinalMetrics(Long totalPromptTokens, Long totalCompletionTokens, Long totalCachedTokens,
            Double totalCostUsd, int totalSteps) {
    }
}
