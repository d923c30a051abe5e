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
 * {@link SpecOverrides#KEYS} and {@code rehearsal=true} for a run that accepts simulated results. Secrets are never
 * parameters.
 *
 * @param rehearsal the run accepts the simulated executor's results (launched with {@code --param rehearsal=true})
 */
public record RunParameters(String specName, String runId, String runDate, String specFile, String specDigest,
        Map<String, String> overrides, boolean rehearsal) {

    public static final String SPEC = "spec";
    public static final String RUN_ID = "runId";
    public static final String RUN_DATE = "runDate";
    public static final String SPEC_FILE = "specFile";
    public static final String SPEC_DIGEST = "specDigest";
    public static final String REHEARSAL = "rehearsal";
    public static final Set<String> IDENTITY_KEYS = Set.of(RUN_ID, RUN_DATE);

    public RunParameters {
        overrides = Map.copyOf(overrides);
        if ((runId == null) == (runDate == null)) {
            throw new IllegalArgumentException("a run has exactly one of runId or runDate");
        }
    }

    /** A run that is not a rehearsal. */
    public RunParameters(String specName, String runId, String runDate, String specFile, String specDigest,
            Map<String, String> overrides) {
        this(specName, runId, runDate, specFile, specDigest, overrides, false);
    }

    /** This run, a rehearsal or not. */
    public RunParameters withRehearsal(boolean isRehearsal) {
        return new RunParameters(specName, runId, runDate, specFile, specDigest, overrides, isRehearsal);
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
        return builder.toJobParameters();
    }

    public static RunParameters from(JobParameters parameters) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (JobParameter<?> p : parameters.parameters()) {
            if (SpecOverrides.isOverride(p.name())) {
                overrides.put(p.name(), String.valueOf(p.value()));
            }
        }
        return new RunParameters(parameters.getString(SPEC), parameters.getString(RUN_ID),
                parameters.getString(RUN_DATE), parameters.getString(SPEC_FILE), parameters.getString(SPEC_DIGEST),
                overrides, "true".equals(parameters.getString(REHEARSAL)));
    }
}
