package io.benchfleet.worker.trial;

/** The trial could not run or produced no readable result: an INFRA failure, retried on any host. */
public class TrialInfrastructureException extends RuntimeException {

    public TrialInfrastructureException(String message) {
        super(message);
    }

    public TrialInfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
