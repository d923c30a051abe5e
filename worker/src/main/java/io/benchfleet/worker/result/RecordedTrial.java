package io.benchfleet.worker.result;

import io.benchfleet.jobdefs.harbor.FailureClass;

/**
 * The {@code trial_result} row of a step execution, as far as finishing the step needs it: its outcome and where its
 * trial directory stands.
 *
 * @param archiveState {@link TrialResultRepository#PENDING} while the directory is not in the store yet
 * @param host         the worker (host/consumer) that ran the trial
 */
public record RecordedTrial(FailureClass failureClass, String exceptionType, String exceptionMessage,
        String archiveState, String artifactUri, String host) {

    public boolean archivePending() {
        return TrialResultRepository.PENDING.equals(archiveState);
    }
}
