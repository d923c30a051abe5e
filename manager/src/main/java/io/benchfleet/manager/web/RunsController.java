package io.benchfleet.manager.web;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.benchfleet.manager.fleet.FleetStatus;
import io.benchfleet.manager.report.PageTemplates;
import io.benchfleet.manager.run.RunListQuery;
import io.benchfleet.manager.schedule.ScheduledRuns;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import io.benchfleet.manager.report.ReportGenerator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The read-only pages and API of {@code benchfleet serve}: {@code GET /} runs list, {@code GET /runs/{id}} a run's
 * report.html (also {@code /runs/{id}/<file>} for the other {@link ReportGenerator#FILES}), {@code GET /api/runs} and
 * {@code /api/runs/{id}} as JSON, {@code GET /api/schedules}.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class RunsController {

    private static final int MAX = 1000;

    private final RunListQuery runs;
    private final ReportPages reports;
    private final ScheduledRuns schedules;
    private final FleetStatus fleet;

    public RunsController(RunListQuery runs, ReportPages reports, ScheduledRuns schedules, FleetStatus fleet) {
        this.runs = runs;
        this.reports = reports;
        this.schedules = schedules;
        this.fleet = fleet;
    }

    @GetMapping("/")
    @ResponseBody
    public ResponseEntity<String> runsPage(@RequestParam(required = false) String spec,
            @RequestParam(defaultValue = "100") int last) {
        String html = new RunsPage().render(runs.newest(blankToNull(spec), clamp(last)), schedules, blankToNull(spec),
                LocalDateTime.now(), fleetLine());
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore()).body(html);
    }

    private String fleetLine() {
        try {
            return "group " + fleet.group() + ": " + fleet.capacity().describe();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The run's report.html with a slim bar back to the runs list (the stored file itself is unchanged). */
    @GetMapping("/runs/{id}")
    @ResponseBody
    public ResponseEntity<byte[]> report(@PathVariable long id) {
        ResponseEntity<byte[]> page = reportFile(id, "report.html");
        if (!page.getStatusCode().is2xxSuccessful() || page.getBody() == null) {
            return page;
        }
        String html = new String(page.getBody(), StandardCharsets.UTF_8);
        int body = html.indexOf("<body");
        int end = body < 0 ? -1 : html.indexOf('>', body);
        if (end < 0) {
            return page;
        }
        String served = html.substring(0, end + 1) + navBar(id) + html.substring(end + 1);
        return ResponseEntity.ok().headers(page.getHeaders()).body(served.getBytes(StandardCharsets.UTF_8));
    }

    /** The bar back to the runs list and to the run's report.json and trials.csv (templates/fragments/serve-nav.html). */
    static String navBar(long id) {
        return PageTemplates.fragment("fragments/serve-nav", "serve-nav", Map.of("id", id));
    }

    @GetMapping("/runs/{id}/{file}")
    @ResponseBody
    public ResponseEntity<byte[]> reportFile(@PathVariable long id, @PathVariable String file) {
        return reports.file(id, file).map(bytes -> ResponseEntity.ok().contentType(type(file))
                        .cacheControl(CacheControl.noStore()).body(bytes))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                        .body(("no run " + id + " or no report file '" + file + "' (files: "
                                + String.join(", ", ReportGenerator.FILES) + ")\n").getBytes(StandardCharsets.UTF_8)));
    }

    @GetMapping("/api/runs")
    @ResponseBody
    public List<RunListQuery.Document> apiRuns(@RequestParam(required = false) String spec,
            @RequestParam(defaultValue = "100") int last) {
        LocalDateTime now = LocalDateTime.now();
        return runs.newest(blankToNull(spec), clamp(last)).stream().map(r -> r.document(now)).toList();
    }

    @GetMapping("/api/runs/{id}")
    @ResponseBody
    public ResponseEntity<?> apiRun(@PathVariable long id) {
        LocalDateTime now = LocalDateTime.now();
        return runs.find(id).<ResponseEntity<?>>map(r -> ResponseEntity.ok(r.document(now)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("no run " + id)));
    }

    /** The body of an API error. */
    public record ApiError(String error) {
    }

    @GetMapping("/api/schedules")
    @ResponseBody
    public List<ScheduleDocument> apiSchedules() {
        Map<String, ScheduledRuns.Outcome> last = schedules.lastOutcomes();
        return schedules.schedules().stream().map(s -> ScheduleDocument.of(s, schedules.next(s), last.get(s.name())))
                .toList();
    }

    private static MediaType type(String file) {
        return switch (file.substring(file.lastIndexOf('.') + 1)) {
            case "html" -> new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
            case "json" -> MediaType.APPLICATION_JSON;
            case "csv" -> new MediaType("text", "csv", StandardCharsets.UTF_8);
            default -> new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
        };
    }

    private static int clamp(int last) {
        return Math.max(1, Math.min(MAX, last));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
