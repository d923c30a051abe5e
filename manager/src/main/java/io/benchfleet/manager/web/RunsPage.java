package io.benchfleet.manager.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.benchfleet.manager.report.CssToken;
import io.benchfleet.manager.report.PageTemplates;
import io.benchfleet.manager.run.Elapsed;
import io.benchfleet.manager.run.RunListQuery.RunSummary;
import io.benchfleet.manager.schedule.ScheduleProperties.Schedule;
import io.benchfleet.manager.schedule.ScheduledRuns;

/**
 * {@code GET /}: the runs list of {@code serve} as one self-contained page (inline CSS, no script, no network), drawn
 * by {@code templates/runs.html} from the rows below: this class formats, the template holds the markup.
 */
public class RunsPage {

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter NEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    public String render(List<RunSummary> runs, ScheduledRuns schedules, String specFilter, LocalDateTime now) {
        return render(runs, schedules, specFilter, now, null);
    }

    /** As above, with the fleet line (hosts and free slots from the worker registry), null to leave it out. */
    public String render(List<RunSummary> runs, ScheduledRuns schedules, String specFilter, LocalDateTime now,
            String fleet) {
        List<ScheduleRow> scheduleRows = schedules == null ? List.of() : ScheduleRow.all(schedules);
        return PageTemplates.page("runs", Map.of("page", new View(specFilter,
                runs.stream().map(r -> RunRow.of(r, now)).toList(), scheduleRows, START.format(now), fleet)));
    }

    /**
     * What the page shows.
     *
     * @param specFilter the spec the list is filtered to, null for all
     * @param schedules  empty when {@code serve} has none (the section is left out)
     * @param fleet      the worker group's hosts and free slots (registry), null when not known
     */
    public record View(String specFilter, List<RunRow> runs, List<ScheduleRow> schedules, String generated,
            String fleet) {
    }

    /**
     * One run. The progress bar's segments are percentages of the planned partitions (of at least one);
     * {@code exitLine} is the first line of the exit message, null without one.
     */
    public record RunRow(RunSummary run, String statusToken, String specQuery, String exitLine, String progressTitle,
            String completedPct, String failedPct, String runningPct, String started, String duration,
            String meanReward) {

        static RunRow of(RunSummary r, LocalDateTime now) {
            int total = Math.max(1, r.total());
            Duration d = r.duration(now);
            return new RunRow(r, CssToken.of(r.status()),
                    URLEncoder.encode(r.spec() == null ? "" : r.spec(), StandardCharsets.UTF_8),
                    r.exitMessage() == null || r.exitMessage().isBlank() ? null
                            : r.exitMessage().lines().findFirst().orElse(""),
                    r.completed() + " completed, " + r.failed() + " failed, " + r.running() + " running, " + r.queued()
                            + " queued",
                    pct(r.completed(), total), pct(r.failed(), total), pct(r.running(), total),
                    r.startTime() == null ? "-" : START.format(r.startTime()), d == null ? "-" : Elapsed.clock(d),
                    r.meanReward() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.meanReward()));
        }
    }

    /** One schedule with its next trigger and the outcome of its last one (null before the first). */
    public record ScheduleRow(Schedule schedule, String zone, String next, ScheduledRuns.Outcome last,
            String resultToken) {

        static List<ScheduleRow> all(ScheduledRuns schedules) {
            Map<String, ScheduledRuns.Outcome> last = schedules.lastOutcomes();
            return schedules.schedules().stream().map(s -> {
                ScheduledRuns.Outcome o = last.get(s.name());
                return new ScheduleRow(s, s.zone().getId(), NEXT.format(schedules.next(s)), o,
                        o == null ? null : CssToken.of(o.result()));
            }).toList();
        }
    }

    private static String pct(int n, int total) {
        return String.format(Locale.ROOT, "%.2f", 100.0 * n / total);
    }

}
