package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecRules.MULTIPLIER;
import static io.benchfleet.jobdefs.spec.SpecRules.WHOLE_NUMBER;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.hibernate.validator.constraints.Range;

/**
 * Per-trial time limits, taken from the task's {@code task.toml} defaults unless the spec overrides them. Bound from
 * the spec's {@code timeouts:} mapping, where each omitted field keeps its default.
 *
 * @param agentSec            agent time limit ({@code [agent] timeout_sec}; terminal-bench 2: 900)
 * @param verifierSec         verifier time limit ({@code [verifier] timeout_sec}; default 600)
 * @param environmentBuildSec environment build/start limit ({@code [environment] build_timeout_sec}; default 600)
 * @param multiplier          Harbor's {@code --timeout-multiplier}
 * @param marginSec           slack added on top before benchfleet kills the trial's container
 */
public record Timeouts(
        @Range(min = 1, max = 86_400, message = WHOLE_NUMBER) int agentSec,
        @Range(min = 1, max = 86_400, message = WHOLE_NUMBER) int verifierSec,
        @Range(min = 1, max = 86_400, message = WHOLE_NUMBER) int environmentBuildSec,
        @DecimalMin(value = "0", inclusive = false, message = MULTIPLIER)
        @DecimalMax(value = "100", message = MULTIPLIER) double multiplier,
        @Range(min = 0, max = 86_400, message = WHOLE_NUMBER) int marginSec) {

    public static final Timeouts DEFAULTS = new Timeouts(900, 600, 600, 1.0, 300);

    /** Binds a {@code timeouts:} mapping: what it leaves out (or sets to null) keeps its default. */
    @JsonCreator
    static Timeouts withDefaults(@JsonProperty("agentSec") Integer agentSec,
            @JsonProperty("verifierSec") Integer verifierSec,
            @JsonProperty("environmentBuildSec") Integer environmentBuildSec,
            @JsonProperty("multiplier") Double multiplier,
            @JsonProperty("marginSec") Integer marginSec) {
        Timeouts d = DEFAULTS;
        return new Timeouts(agentSec == null ? d.agentSec : agentSec,
                verifierSec == null ? d.verifierSec : verifierSec,
                environmentBuildSec == null ? d.environmentBuildSec : environmentBuildSec,
                multiplier == null ? d.multiplier : multiplier,
                marginSec == null ? d.marginSec : marginSec);
    }

    /** The wall-clock limit of one trial: Harbor's own limits scaled by the multiplier, plus our margin. */
    public long trialLimitSeconds() {
        return (long) Math.ceil((agentSec + verifierSec + environmentBuildSec) * multiplier) + marginSec;
    }

    public Timeouts withMultiplier(double newMultiplier) {
        return new Timeouts(agentSec, verifierSec, environmentBuildSec, newMultiplier, marginSec);
    }
}
