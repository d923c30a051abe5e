package io.benchfleet.manager;

/** A user error that nothing was done about: exit code 2 with one line naming the input and what to do. */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }
}
