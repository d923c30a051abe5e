package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecRules.AGENT_INVALID;
import static io.benchfleet.jobdefs.spec.SpecRules.BLANK_OR_PROVIDER_MODEL;
import static io.benchfleet.jobdefs.spec.SpecRules.CONFIGURATION_NAME;
import static io.benchfleet.jobdefs.spec.SpecRules.CONFIGURATION_NAME_INVALID;
import static io.benchfleet.jobdefs.spec.SpecRules.CONFIGURATION_NAME_REQUIRED;
import static io.benchfleet.jobdefs.spec.SpecRules.MODEL_FORMAT;
import static io.benchfleet.jobdefs.spec.SpecRules.NON_BLANK;
import static io.benchfleet.jobdefs.spec.SpecRules.NON_EMPTY_TEXT;
import static io.benchfleet.jobdefs.spec.SpecRules.TASK;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * One configuration of a matrix spec: an agent with a model and its arguments, run on every task of the spec. What it
 * leaves out is the spec's own ({@code agent}, {@code model}); its {@code agentKwargs} are added to the spec's, its
 * own keys winning. See {@link BenchmarkSpec#matrix()}.
 *
 * @param name        identifies the configuration in partition keys ({@code <name>__<task>__a<NN>}), the
 *                    {@code trial_result} rows and the report's leaderboard; lower-case, at most 24 characters
 * @param agent       Harbor agent, or null for the spec's
 * @param model       {@code provider/model}, or null for the spec's
 * @param agentKwargs agent arguments on top of the spec's
 */
public record Configuration(
        @NotNull(message = CONFIGURATION_NAME_REQUIRED)
        @Pattern(regexp = CONFIGURATION_NAME, message = CONFIGURATION_NAME_INVALID)
        String name,
        @Pattern(regexp = TASK, message = AGENT_INVALID)
        String agent,
        @Pattern(regexp = NON_BLANK, message = NON_EMPTY_TEXT)
        @Pattern(regexp = BLANK_OR_PROVIDER_MODEL, message = MODEL_FORMAT)
        String model,
        @JsonDeserialize(contentUsing = LenientText.Scalar.class)
        Map<String, String> agentKwargs) {

    public Configuration {
        name = name == null ? null : name.strip();
        model = model == null ? null : model.strip();
        // sorted, like the spec's own, so the spec's text (and its digest) is the same in every JVM
        agentKwargs = Collections.unmodifiableMap(agentKwargs == null ? new TreeMap<>() : new TreeMap<>(
                agentKwargs));
    }

    /** Whether its trials call a model (and cost LLM money): a model is given and the agent is not oracle or nop. */
    public boolean callsModel() {
        return model != null && !SpecRules.AGENTS_WITHOUT_MODEL.contains(agent);
    }

    /** This configuration with what it leaves out taken from the spec's agent, model and arguments. */
    Configuration resolvedAgainst(String specAgent, String specModel, Map<String, String> specKwargs) {
        Map<String, String> kwargs = new TreeMap<>(specKwargs);
        kwargs.putAll(agentKwargs);
        return new Configuration(name, agent == null ? specAgent : agent, model == null ? specModel : model, kwargs);
    }
}
