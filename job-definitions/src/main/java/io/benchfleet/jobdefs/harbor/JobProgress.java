package io.benchfleet.jobdefs.harbor;

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

    /** Whether every trial of the job has completed. */
    public boolean allCompleted() {
        return nCompleted >= nTotalTrials;
    }
}
