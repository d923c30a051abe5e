package io.benchfleet.jobdefs.workload;

/** A workload file that cannot be used; the message is one line naming the file, the line and what to do. */
public class InvalidWorkloadException extends RuntimeException {

    public InvalidWorkloadException(String message) {
        super(message);
    }
}
