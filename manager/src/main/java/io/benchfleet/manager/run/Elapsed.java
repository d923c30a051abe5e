package io.benchfleet.manager.run;

import java.time.Duration;
import java.util.Locale;

/** How every view writes a run's wall time, ETA or duration: {@code HH:MM:SS}, hours not wrapped at a day. */
public final class Elapsed {

    private Elapsed() {
    }

    /** {@code 01:32:08}; a negative duration (clock skew) reads as {@code 00:00:00}. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
