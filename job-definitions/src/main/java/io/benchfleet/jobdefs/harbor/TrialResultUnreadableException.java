package io.benchfleet.jobdefs.harbor;

/**
 * A trial's {@code result.json} is missing or cannot be read as a Harbor trial result. The message is one line naming
 * the file, what is wrong and what to do.
 */
public class TrialResultUnreadableException extends RuntimeException {

    public TrialResultUnreadableException(String message) {
        super(message);
    }

    public TrialResultUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
