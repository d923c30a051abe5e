package io.benchfleet.manager.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import io.benchfleet.jobdefs.spec.SpecOverrides;

/**
 * A spec file with a run's overrides, read and checked the way every launcher must before anything is created
 * ({@code run}, {@code plan}, scheduled runs): unknown or secret-looking keys and invalid values are an
 * {@link io.benchfleet.jobdefs.spec.InvalidSpecException} naming each problem.
 *
 * @param specFile  absolute, normalised path of the spec
 * @param spec      the effective spec (overrides applied)
 * @param digest    digest of the spec before overrides, recorded so a restart plans the same partitions
 * @param overrides the overrides, as job parameters
 */
public record PreparedRun(Path specFile, BenchmarkSpec spec, String digest, Map<String, String> overrides) {

    public PreparedRun {
        overrides = Map.copyOf(overrides);
    }

    public static PreparedRun of(Path specFile, Map<String, String> overrides) {
        overrides.keySet().forEach(SpecOverrides::checkKey);
        Path file = specFile.toAbsolutePath().normalize();
        BenchmarkSpec base = new BenchmarkSpecReader().read(file);
        return new PreparedRun(file, SpecOverrides.apply(base, overrides), RunSpecLoader.digest(base),
                new LinkedHashMap<>(overrides));
    }

    /**
     * The job parameters of this run, identified by {@code runId} or by {@code runDate} (nightly), with the spec's
     * report options as settings so the run is judged by the options it started with.
     */
    public RunParameters parameters(String runId, String runDate) {
        return new RunParameters(spec.name(), runId, runDate, specFile.toString(), digest, overrides, false,
                Map.of(RunParameters.MIN_COVERAGE, String.valueOf(spec.report().minCoverage()),
                        RunParameters.TREND_RUNS, String.valueOf(spec.report().trendRuns())));
    }
}
