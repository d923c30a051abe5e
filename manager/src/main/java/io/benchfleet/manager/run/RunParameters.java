package io.benchfleet.manager.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.benchfleet.jobdefs.spec.SpecOverrides;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job parameters of a benchmark run. Identifying: {@code spec} (the spec's name) and {@code runId} (command line)
 * or {@code runDate} (nightly). Non-identifying: {@code specFile}, {@code specDigest}, the overrides of
 * {@link SpecOverrides#KEYS}, {@code rehearsal=true} for a run that accepts simulated results, and the run's
 * {@link #SETTING_KEYS settings} (the spec's report options as the run started with them, and the schedule that
 * launched it). Secrets are never parameters.
 *
 * @param rehearsal the run accepts the simulated executor's results (launched with {@code --param rehearsal=true})
 */
public record RunParameters(String specName, String runId, String runDate, String specFile, String specDigest,
        Map<String, String> overrides, boolean rehearsal, Map<String, String> settings) {

    public static final String SPEC = "spec";
    public static final String RUN_ID = "runId";
    public static final String RUN_DATE = "runDate";
    public static final String SPEC_FILE = "specFile";
    public static final String SPEC_DIGEST = "specDigest";
    public static final String REHEARSAL = "rehearsal";
    public static final Set<String> IDENTITY_KEYS = Set.of(RUN_ID, RUN_DATE);
    /** The schedule of {@code serve} that launched the run (its notifications are the schedule's). */
    public static final String SCHEDULE = "schedule";
    /** The spec's report options as the run started with them (a later edit of the spec does not change them). */
    public static final String MIN_COVERAGE = "minCoverage";
    public static final String TREND_RUNS = "trendRuns";
    /** The run's claim on the shared fleet: low, normal or high ({@link RunPriority}). */
    public static final String PRIORITY = "priority";
    public static final Set<String> SETTING_KEYS = Set.of(SCHEDULE, MIN_COVERAGE, TREND_RUNS, PRIORITY);

    public RunParameters {
        overrides = Map.copyOf(overrides);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        if ((runId == null) == (runDate == null)) {
            throw new IllegalArgumentException("a run has exactly one of runId or runDate");
        }
    }

    /** A run that is not a rehearsal and has no settings of its own (the report's defaults apply). */
    public RunParameters(String specName, String runId, String runDate, String specFile, String specDigest,
            Map<String, String> overrides) {
        this(specName, runId, runDate, specFile, specDigest, overrides, false, Map.of());
    }

    /** This run, a rehearsal or not. */
    public RunParameters withRehearsal(boolean isRehearsal) {
        return new RunParameters(specName, runId, runDate, specFile, specDigest, overrides, isRehearsal, settings);
    }

    /** These parameters with one more setting. */
    public RunParameters withSetting(String key, String value) {
        if (!SETTING_KEYS.contains(key)) {
            throw new IllegalArgumentException("not a run setting: " + key);
        }
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(key, value);
        return new RunParameters(specName, runId, runDate, specFile, specDigest, overrides, rehearsal, more);
    }

    public JobParameters toJobParameters() {
        JobParametersBuilder builder = new JobParametersBuilder()
                .addString(SPEC, specName, true)
                .addString(SPEC_FILE, specFile, false)
                .addString(SPEC_DIGEST, specDigest, false);
        if (runId != null) {
            builder.addString(RUN_ID, runId, true);
        } else {
            builder.addString(RUN_DATE, runDate, true);
        }
        overrides.forEach((key, value) -> builder.addString(key, value, false));
        if (rehearsal) {
            builder.addString(REHEARSAL, "true", false);
        }
        settings.forEach((key, value) -> builder.addString(key, value, false));
        return builder.toJobParameters();
    }

    public static RunParameters from(JobParameters parameters) {
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (JobParameter<?> p : parameters.parameters()) {
            if (SpecOverrides.isOverride(p.name())) {
                overrides.put(p.name(), String.valueOf(p.value()));
            } else if (SETTING_KEYS.contains(p.name())) {
                settings.put(p.name(), String.valueOf(p.value()));
            }
        }
        return new RunParameters(parameters.getString(SPEC), parameters.getString(RUN_ID),
                parameters.getString(RUN_DATE), parameters.getString(SPEC_FILE), parameters.getString(SPEC_DIGEST),
                overrides, "true".equals(parameters.getString(REHEARSAL)), settings);
    }
}
