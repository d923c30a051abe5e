package io.benchfleet.jobdefs.harbor;

import java.time.Instant;

/**
 * The exception Harbor recorded for a trial: Harbor's {@code ExceptionInfo} ({@code harbor/models/trial/result.py}).
 *
 * @param exceptionType      the Python class name, e.g. {@code AgentTimeoutError}
 * @param exceptionMessage   its message
 * @param exceptionTraceback the formatted traceback (also in the trial's {@code exception.txt})
 * @param occurredAt         when it was raised
 */
public record ExceptionInfo(String exceptionType, String exceptionMessage, String exceptionTraceback,
        Instant occurredAt) {

    /** No exception recorded. */
    static final ExceptionInfo NONE = new ExceptionInfo(null, null, null, null);
}
