package io.benchfleet.jobdefs.plan;

import java.util.Map;
import java.util.OptionalLong;

/** Historical trial durations of a spec's tasks, used to dispatch the longest expected trials first. */
@FunctionalInterface
public interface ExpectedDurations {

    ExpectedDurations NONE = task -> OptionalLong.empty();

    OptionalLong expectedSeconds(String task);

    /** The same, to the millisecond: orders trials that history knows to differ by less than a second. */
    default OptionalLong expectedMillis(String task) {
        OptionalLong s = expectedSeconds(task);
        return s.isPresent() ? OptionalLong.of(s.getAsLong() * 1000) : OptionalLong.empty();
    }

    /** Expected durations known to the millisecond (history of recorded trials). */
    static ExpectedDurations ofMillis(Map<String, Long> millisByTask) {
        return new ExpectedDurations() {
            @Override
            public OptionalLong expectedSeconds(String task) {
                OptionalLong ms = expectedMillis(task);
                return ms.isPresent() ? OptionalLong.of(Math.max(1, (ms.getAsLong() + 999) / 1000))
                        : OptionalLong.empty();
            }

            @Override
            public OptionalLong expectedMillis(String task) {
                Long ms = millisByTask.get(task);
                return ms == null ? OptionalLong.empty() : OptionalLong.of(ms);
            }
        };
    }

    static ExpectedDurations of(Map<String, Long> secondsByTask) {
        return task -> {
            Long s = secondsByTask.get(task);
            return s == null ? OptionalLong.empty() : OptionalLong.of(s);
        };
    }
}
