package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecRules.COVERAGE;
import static io.benchfleet.jobdefs.spec.SpecRules.WHOLE_NUMBER;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.hibernate.validator.constraints.Range;

/**
 * How the runs of a spec are judged in their reports. Bound from the spec's {@code report:} mapping, where each
 * omitted field keeps its default.
 *
 * @param minCoverage the validity gate: the share of the planned trials that must be scored (a reward, no INFRA or
 *                    CONFIG failure) for the run to be comparable; below it the regression verdict is withheld
 * @param trendRuns   how many completed runs of the spec (this one included) the trend and the flaky-task list cover
 */
public record ReportOptions(
        @DecimalMin(value = "0", message = COVERAGE) @DecimalMax(value = "1", message = COVERAGE) double minCoverage,
        @Range(min = 2, max = 100, message = WHOLE_NUMBER) int trendRuns) {

    public static final ReportOptions DEFAULTS = new ReportOptions(0.9, 14);

    /** Binds a {@code report:} mapping: what it leaves out (or sets to null) keeps its default. */
    @JsonCreator
    static ReportOptions withDefaults(@JsonProperty("minCoverage") Double minCoverage,
            @JsonProperty("trendRuns") Integer trendRuns) {
        return new ReportOptions(minCoverage == null ? DEFAULTS.minCoverage : minCoverage,
                trendRuns == null ? DEFAULTS.trendRuns : trendRuns);
    }
}
