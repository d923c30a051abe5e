package io.benchfleet.manager.schedule;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
     */
    public record Schedule(String name, String cron, String spec, Map<String, String> params, ZoneId zone) {

        public Schedule {
            params = params == null ? Map.of() : Map.copyOf(params);
            zone = zone == null ? ZoneId.of("UTC") : zone;
        }
    }
}
