package io.benchfleet.jobdefs.harbor;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What benchfleet takes from one Harbor trial {@code result.json}: the domain view of a {@link HarborTrialResult}
 * ({@link #of}), flat and with the leniency applied, which the worker turns into a trial record. Everything but
 * {@code taskName}, {@code trialName} and {@code rewards} may be {@code null}.
 *
 * @param id                 Harbor's trial id (a UUID)
 * @param taskName           the bare task name, any {@code org/} prefix stripped
 * @param trialName          {@code <task>__<7 chars>}, also the trial directory's name
 * @param source             the dataset name
 * @param taskChecksum       Harbor's digest of the task ({@code task_checksum}): two trials with the same one ran the
 *                           same task files
 * @param agentName          {@code agent_info.name}
 * @param agentVersion       {@code agent_info.version}
 * @param modelName          {@code agent_info.model_info.name}, e.g. {@code claude-opus-4-1}
 * @param modelProvider      {@code agent_info.model_info.provider}, e.g. {@code anthropic}
 * @param rewards            {@code verifier_result.rewards}; empty when the trial was not scored
 * @param exceptionType      {@code exception_info.exception_type}, e.g. {@code AgentTimeoutError}
 * @param exceptionMessage   {@code exception_info.exception_message}
 * @param exceptionTraceback {@code exception_info.exception_traceback}
 * @param nInputTokens       input tokens including cache ({@code agent_result.n_input_tokens})
 * @param nCacheTokens       cache tokens
 * @param nOutputTokens      output tokens
 * @param costUsd            the agent's cost in USD
 * @param startedAt          trial start
 * @param finishedAt         trial end
 * @param environmentSetup   environment setup phase
 * @param agentSetup         agent setup phase
 * @param agentExecution     agent execution phase
 * @param verifier           verifier phase
 */
public record TrialResult(
        String id,
        String taskName,
        String trialName,
        String source,
        String taskChecksum,
        String agentName,
        String agentVersion,
        String modelName,
        String modelProvider,
        Map<String, Double> rewards,
        String exceptionType,
        String exceptionMessage,
        String exceptionTraceback,
        Long nInputTokens,
        Long nCacheTokens,
        Long nOutputTokens,
        Double costUsd,
        Instant startedAt,
        Instant finishedAt,
        PhaseTiming environmentSetup,
        PhaseTiming agentSetup,
        PhaseTiming agentExecution,
        PhaseTiming verifier) {

    /** The key of a single-valued reward ({@code reward.txt} gives {@code {"reward": x}}). */
    public static final String REWARD_KEY = "reward";

    public TrialResult {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(trialName, "trialName");
        rewards = copyWithoutNulls(rewards);
    }

    /**
     * The domain view of a Harbor trial result: the task name without its {@code org/} prefix, tokens and cost summed
     * over the steps of a multi-step trial, phases without any known end dropped.
     *
     * @param harbor             a trial result with a task name ({@link HarborTrialResult#bareTaskName()})
     * @param trialDirectoryName the trial name to use when the result does not name the trial
     */
    public static TrialResult of(HarborTrialResult harbor, String trialDirectoryName) {
        AgentInfo agent = Objects.requireNonNullElse(harbor.agentInfo(), AgentInfo.NONE);
        ModelInfo model = Objects.requireNonNullElse(agent.modelInfo(), ModelInfo.NONE);
        ExceptionInfo exception = Objects.requireNonNullElse(harbor.exceptionInfo(), ExceptionInfo.NONE);
        AgentContext tokens = harbor.tokenCostTotals();
        String trialName = harbor.trialName() == null || harbor.trialName().isBlank() ? trialDirectoryName
                : harbor.trialName();
        return new TrialResult(harbor.id(), harbor.bareTaskName(), trialName, harbor.source(), harbor.taskChecksum(),
                agent.name(),
                agent.version(), model.name(), model.provider(),
                harbor.verifierResult() == null ? null : harbor.verifierResult().rewards(),
                exception.exceptionType(), exception.exceptionMessage(), exception.exceptionTraceback(),
                tokens.nInputTokens(), tokens.nCacheTokens(), tokens.nOutputTokens(), tokens.costUsd(),
                harbor.startedAt(), harbor.finishedAt(), known(harbor.environmentSetup()), known(harbor.agentSetup()),
                known(harbor.agentExecution()), known(harbor.verifier()));
    }

    private static PhaseTiming known(PhaseTiming phase) {
        return phase == null || phase.startedAt() == null && phase.finishedAt() == null ? null : phase;
    }

    private static Map<String, Double> copyWithoutNulls(Map<String, Double> rewards) {
        if (rewards == null || rewards.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        rewards.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Whether the verifier produced rewards. A trial can be scored and carry an exception (e.g. agent timeout). */
    public boolean scored() {
        return !rewards.isEmpty();
    }

    /** Whether Harbor recorded an exception for this trial. */
    public boolean hasException() {
        return exceptionType != null;
    }

    /**
     * The trial's reward: the {@code "reward"} entry if present, else the mean of all entries (multi-key rewards),
     * empty when unscored.
     */
    public OptionalDouble reward() {
        Double single = rewards.get(REWARD_KEY);
        if (single != null) {
            return OptionalDouble.of(single);
        }
        return rewards.values().stream().mapToDouble(Double::doubleValue).average();
    }

    /** Whether the trial solved the task (reward of at least 1). */
    public boolean passed() {
        OptionalDouble reward = reward();
        return reward.isPresent() && reward.getAsDouble() >= 1.0;
    }

    /** Wall-clock length of the trial, empty unless both ends are known and in order. */
    public Optional<Duration> duration() {
        return PhaseTiming.between(startedAt, finishedAt);
    }
}
