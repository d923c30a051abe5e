package io.benchfleet.jobdefs.spec;

import java.util.List;

/**
 * A benchmark spec (or a parameter overriding it) that cannot be run. Carries every problem found, each one line
 * naming the file, the field, what is wrong and what to do.
 */
public class InvalidSpecException extends RuntimeException {

    private final List<String> problems;

    public InvalidSpecException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSpecException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
