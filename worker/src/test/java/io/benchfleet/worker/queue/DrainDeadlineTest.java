package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.benchfleet.worker.testing.MovingClock;
import org.junit.jupiter.api.Test;

/** A drain's deadline on a clock moved by hand; every remaining time below is the arithmetic in its comment. */
class DrainDeadlineTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-02T08:00:00Z"));

    @Test
    void aLaterNoticeWithLessTimeBringsTheDeadlineForwardButNeverBack() {
        DrainDeadline deadline = new DrainDeadline(clock, Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(1));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMinutes(9)); // 10 - 1

        assertThat(deadline.shorten(Duration.ofSeconds(100))).isTrue();
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(100));

        // a rebalance recommendation's full grace would move it back: refused
        assertThat(deadline.shorten(Duration.ofMinutes(10))).isFalse();
        clock.advance(Duration.ofSeconds(40));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(60)); // 100 - 40
    }

    @Test
    void aPassedDeadlineLeavesNothingNotLessThanNothing() {
        DrainDeadline deadline = new DrainDeadline(clock, Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(8));

        assertThat(deadline.remaining()).isZero();
    }
}
