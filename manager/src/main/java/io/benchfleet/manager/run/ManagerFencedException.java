package io.benchfleet.manager.run;

/** Another manager took the run over: this one must not write for it any more, and stops. */
public class ManagerFencedException extends RuntimeException {

    public ManagerFencedException(String message) {
        super(message);
    }
}
