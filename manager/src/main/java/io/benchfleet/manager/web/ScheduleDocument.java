package io.benchfleet.manager.web;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.benchfleet.manager.schedule.ScheduleProperties.Schedule;
import io.benchfleet.manager.schedule.ScheduledRuns;

/** One schedule in {@code GET /api/schedules}: its settings, next trigger and what its last trigger did. */
public record ScheduleDocument(String name, String cron, String zone, String spec, Map<String, String> params,
        OffsetDateTime next, @JsonInclude(JsonInclude.Include.NON_NULL) LastTrigger last) {

    /** What the latest trigger did; {@code jobExecutionId} when it launched a run, {@code reason} when not. */
    public record LastTrigger(String triggeredAt, String runDate, String result, Long jobExecutionId, String reason) {
    }

    static ScheduleDocument of(Schedule s, ZonedDateTime next, ScheduledRuns.Outcome last) {
        return new ScheduleDocument(s.name(), s.cron(), s.zone().getId(), s.spec(), s.params(),
                next.toOffsetDateTime(), last == null ? null : new LastTrigger(last.triggeredAt().toString(),
                        last.runDate(), last.result(), last.jobExecutionId(), last.reason()));
    }
}
