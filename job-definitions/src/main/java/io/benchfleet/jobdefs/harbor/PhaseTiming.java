package io.benchfleet.jobdefs.harbor;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Start and end of one phase of a Harbor trial: Harbor's {@code TimingInfo} ({@code harbor/models/trial/result.py}),
 * bound as such in {@link HarborTrialResult}. Either end may be unknown.
 *
 * @param startedAt  when the phase started, or {@code null}
 * @param finishedAt when the phase finished, or {@code null} (e.g. the trial died during the phase)
 */
public record PhaseTiming(Instant startedAt, Instant finishedAt) {

    /** The phase's length, empty unless both ends are known and in order. */
    public Optional<Duration> duration() {
        return between(startedAt, finishedAt);
    }

    static Optional<Duration> between(Instant start, Instant end) {
        if (start == null || end == null || end.isBefore(start)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(start, end));
    }
}
