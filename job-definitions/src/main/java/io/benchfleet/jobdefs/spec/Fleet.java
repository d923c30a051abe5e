package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecRules.WHOLE_NUMBER;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.hibernate.validator.constraints.Range;

/**
 * How much of the fleet a run may use. Bound from the spec's {@code fleet:} mapping, where each omitted field keeps
 * its default; the bounds are checked by {@code SpecValidator} for a spec file and a run parameter alike.
 *
 * @param maxHosts     upper bound on worker hosts for this run (the Auto Scaling group is never sized above it)
 * @param slotsPerHost concurrent trials per host (Harbor's Docker daemon saturates above ~32)
 */
public record Fleet(
        @Range(min = 1, max = 1000, message = WHOLE_NUMBER) int maxHosts,
        @Range(min = 1, max = 64, message = WHOLE_NUMBER) int slotsPerHost) {

    public static final Fleet DEFAULTS = new Fleet(200, 4);

    /** Binds a {@code fleet:} mapping: what it leaves out (or sets to null) keeps its default. */
    @JsonCreator
    static Fleet withDefaults(@JsonProperty("maxHosts") Integer maxHosts,
            @JsonProperty("slotsPerHost") Integer slotsPerHost) {
        return new Fleet(maxHosts == null ? DEFAULTS.maxHosts : maxHosts,
                slotsPerHost == null ? DEFAULTS.slotsPerHost : slotsPerHost);
    }

    public int totalSlots() {
        return maxHosts * slotsPerHost;
    }
}
