package io.benchfleet.jobdefs.harbor;

/**
 * The agent of a trial: Harbor's {@code AgentInfo} ({@code harbor/models/trial/result.py}).
 *
 * @param name      {@code claude-code}, {@code oracle}, ...
 * @param version   the agent's version, {@code unknown} when Harbor could not tell
 * @param modelInfo the model, absent for agents without one
 */
public record AgentInfo(String name, String version, ModelInfo modelInfo) {

    /** No agent information (the field was absent). */
    static final AgentInfo NONE = new AgentInfo(null, null, null);
}
