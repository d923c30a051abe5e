package io.benchfleet.jobdefs.harbor;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What the agent used: Harbor's {@code AgentContext} ({@code harbor/models/agent/context.py}), the trial's
 * {@code agent_result}.
 *
 * @param nInputTokens   input tokens including cache
 * @param nCacheTokens   cache tokens
 * @param nOutputTokens  output tokens
 * @param costUsd        the agent's cost in USD
 * @param rolloutDetails token-level rollout data (not used by benchfleet)
 * @param metadata       agent-specific metadata (not used by benchfleet)
 */
public record AgentContext(
        Long nInputTokens,
        Long nCacheTokens,
        Long nOutputTokens,
        Double costUsd,
        List<Object> rolloutDetails,
        Map<String, Object> metadata) {

    /** Nothing recorded. */
    static final AgentContext NONE = new AgentContext(null, null, null, null, null, null);

    /** Tokens and cost alone, without rollout details or metadata. */
    public static AgentContext of(Long nInputTokens, Long nCacheTokens, Long nOutputTokens, Double costUsd) {
        return new AgentContext(nInputTokens, nCacheTokens, nOutputTokens, costUsd, null, null);
    }

    /** Whether neither tokens nor cost are known (Harbor's {@code is_empty}); not a JSON property. */
    @JsonIgnore
    public boolean isEmpty() {
        return nInputTokens == null && nCacheTokens == null && nOutputTokens == null && costUsd == null;
    }

    /** The field-wise sum; a total stays absent only when both sides lack it. */
    public AgentContext plus(AgentContext other) {
        return of(sum(nInputTokens, other.nInputTokens, Long::sum), sum(nCacheTokens, other.nCacheTokens, Long::sum),
                sum(nOutputTokens, other.nOutputTokens, Long::sum), sum(costUsd, other.costUsd, Double::sum));
    }

    private static <T> T sum(T a, T b, BinaryOperator<T> plus) {
        return a == null ? b : b == null ? a : plus.apply(a, b);
    }
}
