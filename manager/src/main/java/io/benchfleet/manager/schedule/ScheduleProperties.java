package io.benchfleet.manager.schedule;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.benchfleet.manager.report.notify.NotificationTargets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code benchfleet.schedules[i].*}: runs that {@code benchfleet serve} launches on a cron schedule.
 *
 * <pre>
 * benchfleet:
 *   schedules:
 *     - name: nightly-tb
 *       cron: "0 0 2 * * *"          # Spring cron: second minute hour day-of-month month day-of-week
 *       zone: Europe/Berlin          # default UTC; runDate is the trigger's date in this zone
 *       spec: job-definitions/examples/terminal-bench-750.yaml
 *       params: {model: anthropic/claude-opus-4-1}
 *       notifications:               # at the end of each run; else benchfleet.notify.*
 *         sns-topic-arn: arn:aws:sns:us-east-1:123456789012:bench-nightly
 *         webhook-url: ${NIGHTLY_SLACK_WEBHOOK}
 * </pre>
 */
@ConfigurationProperties("benchfleet")
public record ScheduleProperties(List<Schedule> schedules) {

    public ScheduleProperties {
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
    }

    /**
     * One schedule.
     *
     * @param name   identifies the schedule in logs, pages and metrics
     * @param cron   Spring cron expression (six fields, seconds first), or a macro such as {@code @daily}
     * @param spec   the spec file
     * @param params run parameters (overrides) as for {@code run --param}; never runId or runDate
     * @param zone   the cron's time zone and the zone of the run date (default UTC)
     * @param notifications where the end of each run is announced (SNS topic, webhook); none: {@code benchfleet.notify.*}
     */
    public record Schedule(String name, String cron, String spec, Map<String, String> params, ZoneId zone,
            NotificationTargets notifications) {

        @ConstructorBinding
        public Schedule {
            params = params == null ? Map.of() : Map.copyOf(params);
            zone = zone == null ? ZoneId.of("UTC") : zone;
            notifications = notifications == null ? NotificationTargets.NONE : notifications;
        }

        /** A schedule that announces its runs where command-line runs are announced. */
        public Schedule(String name, String cron, String spec, Map<String, String> params, ZoneId zone) {
            this(name, cron, spec, params, zone, null);
        }
    }

    /** The targets of each schedule's runs, by schedule name (null for a name that is not a schedule). */
    public NotificationTargets.Routing notifications() {
        return name -> schedules.stream().filter(s -> s.name() != null && s.name().equals(name)).findFirst()
                .map(Schedule::notifications).orElse(null);
    }
}
