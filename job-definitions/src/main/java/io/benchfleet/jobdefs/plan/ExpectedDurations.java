package io.benchfleet.jobdefs.plan;

import java.util.Map;
import java.util.OptionalLong;

/** Historical trial durations of a spec's tasks, used to dispatch the longest expected trials first. */
@FunctionalInterface
public interface ExpectedDurations {

    ExpectedDurations NONE = task -> OptionalLong.empty();

    OptionalLong expectedSeconds(String task);

    static ExpectedDurations of(Map<String, Long> secondsByTask) {
        return task -> {
            Long s = secondsByTask.get(task);
            return s == null ? OptionalLong.empty() : OptionalLong.of(s);
        };
    }
}
