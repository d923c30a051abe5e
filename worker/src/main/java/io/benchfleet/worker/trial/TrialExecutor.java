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
}
