package io.benchfleet.manager.partition;

import java.util.function.Predicate;

import io.benchfleet.manager.run.RunLease;
import org.springframework.batch.core.job.JobExecution;

/**
 * Whether a run that ended in this process is no longer this manager's to finish: it stopped for this manager's
 * shutdown (another {@code run} or {@code restart} continues it) or another manager took it over (fenced). Such a run
 * is not over: the fleet is not scaled down for it and nobody is told it ended.
 */
public class HandedOverRuns implements Predicate<JobExecution> {

    private final ManagerShutdown shutdown;
    private final RunLease lease;

    public HandedOverRuns(ManagerShutdown shutdown, RunLease lease) {
        this.shutdown = shutdown;
        this.lease = lease;
    }

    @Override
    public boolean test(JobExecution run) {
        return shutdown.outcome(run.getId()) != null || lease.fenced(run.getId());
    }
}
