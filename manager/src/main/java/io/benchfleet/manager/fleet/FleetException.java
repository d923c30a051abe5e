package io.benchfleet.manager.fleet;

/** The fleet could not be read or sized; the message is one line saying what to check. */
public class FleetException extends IllegalStateException {

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }

    public FleetException(String message) {
        super(message);
    }
}
