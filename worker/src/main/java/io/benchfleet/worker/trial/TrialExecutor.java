package io.benchfleet.worker.trial;

import java.nio.file.Path;

import io.benchfleet.jobdefs.plan.Partition;

/**
 * Runs one partition's trial and leaves a Harbor job directory behind ({@code <jobsDir>/<partition key>/}), which the
 * one Harbor parser reads. Implementations: simulated (rehearsal, tests), docker (production), process (harbor CLI).
 */
public interface TrialExecutor {

    /**
     * @param partition what to run
     * @param jobsDir   Harbor's {@code -o} directory for this step execution
     * @return the Harbor job directory ({@code jobsDir/<partition key>})
     * @throws TrialInfrastructureException when the trial could not run at all (no Harbor output to read)
     */
    Path run(Partition partition, Path jobsDir) throws TrialInfrastructureException;

    /** {@code simulated}, {@code docker} or {@code process}: recorded with every result ({@code trial_result.executor}). */
    String name();

    /**
     * True for the rehearsal executor, which runs no Harbor and invents its results: a run accepts them only when it
     * is a rehearsal ({@code --local}, or launched with {@code --param rehearsal=true}).
     */
    default boolean simulated() {
        return false;
    }
}
