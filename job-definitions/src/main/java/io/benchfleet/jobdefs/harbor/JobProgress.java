package io.benchfleet.jobdefs.harbor;

import java.util.Objects;

/**
 * Live progress of a Harbor job, from the job-level {@code result.json} that Harbor rewrites while it runs.
 *
 * @param nTotalTrials {@code n_total_trials}
 * @param nCompleted   {@code stats.n_completed_trials} (older files: {@code stats.n_trials})
 * @param nErrored     {@code stats.n_errored_trials} (older files: {@code stats.n_errors}); counted in nCompleted
 * @param nRunning     {@code stats.n_running_trials}
 * @param nPending     {@code stats.n_pending_trials}, else total − completed − running
 */
public record JobProgress(int nTotalTrials, int nCompleted, int nErrored, int nRunning, int nPending) {

    /** The progress of a job result that has {@code n_total_trials} and {@code stats}; absent counts are 0. */
    static JobProgress of(HarborJobResult job) {
        int total = job.nTotalTrials();
        JobStats stats = job.stats();
        int completed = Objects.requireNonNullElse(stats.nCompletedTrials(), 0);
        int running = Objects.requireNonNullElse(stats.nRunningTrials(), 0);
        int pending = stats.nPendingTrials() != null ? stats.nPendingTrials()
                : Math.max(total - completed - running, 0);
        return new JobProgress(total, completed, Objects.requireNonNullElse(stats.nErroredTrials(), 0), running,
                pending);
    }

    /** Whether every trial of the job has completed. */
    public boolean allCompleted() {
        return nCompleted >= nTotalTrials;
    }
}
