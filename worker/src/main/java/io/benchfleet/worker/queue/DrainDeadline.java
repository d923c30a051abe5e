package io.benchfleet.worker.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a drain's running trials must be done: set by the notice that started the drain, and brought forward (never
 * back) by a later one with less time - a spot interruption notice arriving while the host drains for its
 * lifecycle hook leaves it the notice's two minutes, not the hook's full grace.
 */
public final class DrainDeadline {

    private final Clock clock;
    private Instant at;

    public DrainDeadline(Clock clock, Duration grace) {
        this.clock = clock;
        this.at = clock.instant().plus(grace);
    }

    /** Brings the deadline forward to {@code grace} from now when that is earlier; true when it did. */
    public synchronized boolean shorten(Duration grace) {
        Instant proposed = clock.instant().plus(grace);
        if (!proposed.isBefore(at)) {
            return false;
        }
        at = proposed;
        return true;
    }

    /** Time left until the deadline, zero once it passed. */
    public synchronized Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
