package io.benchfleet.worker.trial;

/** The trial cannot run as configured on any host: a CONFIG failure, which stops the run instead of retrying. */
public class TrialConfigurationException extends RuntimeException {

    public TrialConfigurationException(String message) {
        super(message);
    }
}
