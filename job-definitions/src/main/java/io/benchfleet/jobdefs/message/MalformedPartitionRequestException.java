package io.benchfleet.jobdefs.message;

/** A queue message that is not a partition request; it belongs in the dead-letter queue. */
public class MalformedPartitionRequestException extends RuntimeException {

    public MalformedPartitionRequestException(String message) {
        super(message);
    }
}
