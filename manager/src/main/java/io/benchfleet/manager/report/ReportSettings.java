package io.benchfleet.manager.report;

import io.benchfleet.manager.run.RunParameters;

/**
 * How a run's report judges it, from the spec's {@code report:} options as recorded in the run's job parameters when
 * it started ({@code minCoverage}, {@code trendRuns}); the defaults for runs started before they existed.
 *
 * @param minCoverage share of the planned trials that must be scored for the run to be comparable
 * @param trendRuns   completed runs (this one included) the trend and the flaky-task list cover
 */
public record ReportSettings(double minCoverage, int trendRuns) {

    public static final ReportSettings DEFAULTS = new ReportSettings(0.9, 14);
    /** Job parameter names. */
    public static final String MIN_COVERAGE = RunParameters.MIN_COVERAGE;
    public static final String TREND_RUNS = RunParameters.TREND_RUNS;
}
