package io.benchfleet.manager.run;

import java.util.Locale;

/**
 * A run's claim on the shared fleet ({@code --param priority=low|normal|high}, job parameter {@code priority}).
 * Unless given: a scheduled run is high (the nightly must land on time), a command-line run normal, a rehearsal
 * low. Stored as its rank in {@code run_fleet.priority}: higher takes slots first.
 */
public enum RunPriority {
    LOW(0), NORMAL(1), HIGH(2);

    private final int rank;

    RunPriority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code low}, {@code normal} or {@code high}; anything else is refused with the three choices. */
    public static RunPriority parse(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (RunPriority p : values()) {
            if (p.name().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a priority: expected low, normal or high");
    }

    public static RunPriority ofRank(int rank) {
        for (RunPriority p : values()) {
            if (p.rank == rank) {
                return p;
            }
        }
        return rank > HIGH.rank ? HIGH : LOW;
    }

    /** The run's priority: as given, else high for a schedule's run, low for a rehearsal, normal otherwise. */
    public static RunPriority of(RunParameters run) {
        String given = run.settings().get(RunParameters.PRIORITY);
        if (given != null) {
            return parse(given);
        }
        if (run.settings().containsKey(RunParameters.SCHEDULE)) {
            return HIGH;
        }
        return run.rehearsal() ? LOW : NORMAL;
    }
}
