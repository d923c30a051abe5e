package io.benchfleet.manager.schedule;

import io.benchfleet.manager.run.RunParameters;

/** Starts runs for the scheduler and tells whether one is still running (a seam for tests). */
public interface RunLauncher {

    /** Starts the run and returns its job execution id; {@link Refused} when Spring Batch will not start it. */
    long launch(RunParameters run);

    /** Whether job execution {@code jobExecutionId} has not finished yet. */
    boolean isRunning(long jobExecutionId);

    /** The run was not started, with the reason (already completed, already running). */
    class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
