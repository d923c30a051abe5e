package io.benchfleet.jobdefs.harbor;

/**
 * How benchfleet treats the outcome of one Harbor trial (policy in docs/harbor.md, "Exception types → failure
 * class").
 */
public enum FailureClass {

    /** No exception recorded: a normal result, whatever its reward. */
    NONE,
    /** The agent failed (timeout, context window, non-zero exit...): a valid result, reward counted, no retry. */
    AGENT,
    /** The task's verifier failed: a task problem, no retry. */
    VERIFIER,
    /** Infrastructure failed (Docker, network, provider overload, missing result): retry on any host. */
    INFRA,
    /** The run is misconfigured (credentials, unknown model, usage limit): fail fast, retrying cannot help. */
    CONFIG;

    /** Whether a trial of this class fails the partition step (rather than counting as a result). */
    public boolean failsStep() {
        return this == INFRA || this == CONFIG;
    }

    /** Whether running the trial again may give a different outcome. */
    public boolean retryable() {
        return this == INFRA;
    }
}
