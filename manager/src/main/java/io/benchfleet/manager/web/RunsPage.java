package io.benchfleet.manager.web;

import static io.benchfleet.manager.report.HtmlReport.esc;

import io.benchfleet.manager.run.RunListQuery;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.benchfleet.manager.schedule.ScheduleProperties.Schedule;
import io.benchfleet.manager.schedule.ScheduledRuns;
import io.benchfleet.manager.run.RunListQuery.RunSummary;

/** {@code GET /}: the runs list of {@code serve} as one self-contained page (inline CSS, no script, no network). */
public class RunsPage {

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter NEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private static final String CSS = """
            :root{--fg:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--pass:#2f9e44;
            --fail:#e03131;--run:#1c7ed6;--queue:#dee2e6;--accent:#1c7ed6}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
            color:var(--fg);background:var(--bg)}
            header{background:#1f2933;color:#fff;padding:14px 0}
            header .inner{max-width:1240px;margin:0 auto;padding:0 28px;display:flex;align-items:baseline;gap:24px;flex-wrap:wrap}
            header h1{font-size:20px;margin:0;letter-spacing:.02em}
            header nav a{color:#cbd2d9;margin-right:16px;text-decoration:none;font-size:13px}
            header nav a:hover{color:#fff}
            main{max-width:1240px;margin:0 auto;padding:20px 28px 60px}
            h2{font-size:17px;margin:26px 0 10px}
            .sub{color:var(--muted);font-size:13px;margin-bottom:10px}
            td .sub{margin:0}
            .panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:6px 10px;
            overflow-x:auto}
            table{border-collapse:collapse;width:100%;font-size:13px}
            th,td{padding:7px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle;
            white-space:nowrap}
            tbody tr:last-child td{border-bottom:0}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            thead th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
            tbody tr:hover{background:#f8f9fa}
            .badge{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;font-weight:600;
            color:#fff;background:var(--muted)}
            .b-COMPLETED,.b-LAUNCHED{background:var(--pass)}.b-FAILED{background:var(--fail)}
            .b-STARTED,.b-STARTING{background:var(--run)}.b-STOPPING,.b-STOPPED,.b-SKIPPED{background:#f08c00}
            .bar{display:inline-flex;width:140px;height:9px;border-radius:5px;overflow:hidden;background:var(--queue);
            vertical-align:middle;margin-right:8px}
            .bar i{display:block;height:100%}.bar .c{background:var(--pass)}.bar .f{background:var(--fail)}
            .bar .r{background:var(--run)}
            .reward{font-weight:650}
            .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
            .empty{padding:24px;color:var(--muted);text-align:center}
            a{color:var(--accent)}footer{margin-top:36px;color:var(--muted);font-size:12px}
            """;

    public String render(List<RunSummary> runs, ScheduledRuns schedules, String specFilter, LocalDateTime now) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>benchfleet runs</title><style>").append(CSS).append("</style></head><body>");
        h.append("<header><div class=\"inner\"><h1>benchfleet</h1><nav><a href=\"/\">Runs</a>")
                .append("<a href=\"/api/runs\">API</a><a href=\"/actuator/health\">Health</a>")
                .append("<a href=\"/actuator/prometheus\">Metrics</a></nav></div></header><main>");
        h.append("<h2>Runs").append(specFilter == null ? "" : " of " + esc(specFilter)).append("</h2>")
                .append("<div class=\"sub\">Newest first; progress counts each partition's latest state; mean reward ")
                .append("over the trials with a result (unscored as 0).</div>");
        h.append("<div class=\"panel\"><table id=\"runs\"><thead><tr><th class=\"n\">Run</th><th>Spec</th><th>Name</th>")
                .append("<th>Status</th><th>Progress</th><th>Started</th><th class=\"n\">Duration</th>")
                .append("<th class=\"n\">Mean reward</th><th>Report</th></tr></thead><tbody>");
        if (runs.isEmpty()) {
            h.append("<tr><td colspan=\"9\" class=\"empty\">No runs yet: start one with ")
                    .append("<span class=\"mono\">benchfleet run --spec FILE</span></td></tr>");
        }
        for (RunSummary r : runs) {
            h.append("<tr><td class=\"n\">").append(r.jobExecutionId()).append("</td><td><a href=\"/?spec=")
                    .append(esc(urlEncode(r.spec()))).append("\">").append(esc(r.spec())).append("</a></td><td class=\"mono\">")
                    .append(esc(r.run())).append("</td><td><span class=\"badge b-").append(esc(r.status()))
                    .append("\"").append(r.exitMessage() == null || r.exitMessage().isBlank() ? ""
                            : " title=\"" + esc(r.exitMessage().lines().findFirst().orElse("")) + "\"")
                    .append(">").append(esc(r.status())).append("</span></td><td>");
            progress(h, r);
            Duration d = r.duration(now);
            h.append("</td><td>").append(r.startTime() == null ? "-" : START.format(r.startTime()))
                    .append("</td><td class=\"n\">").append(d == null ? "-" : clock(d))
                    .append("</td><td class=\"n reward\">").append(r.meanReward() == null ? "-"
                            : String.format(Locale.ROOT, "%.3f", r.meanReward()))
                    .append("</td><td><a href=\"/runs/").append(r.jobExecutionId()).append("\">report</a>")
                    .append(" <a class=\"sub\" href=\"/runs/").append(r.jobExecutionId())
                    .append("/report.json\">json</a></td></tr>");
        }
        h.append("</tbody></table></div>");
        if (schedules != null && !schedules.schedules().isEmpty()) {
            schedules(h, schedules);
        }
        h.append("<footer>benchfleet serve &middot; read-only &middot; generated ")
                .append(START.format(now)).append("</footer></main></body></html>");
        return h.toString();
    }

    private static void progress(StringBuilder h, RunSummary r) {
        int total = Math.max(1, r.total());
        h.append("<span class=\"bar\" title=\"").append(r.completed()).append(" completed, ").append(r.failed())
                .append(" failed, ").append(r.running()).append(" running, ").append(r.queued())
                .append(" queued\"><i class=\"c\" style=\"width:").append(pct(r.completed(), total))
                .append("%\"></i><i class=\"f\" style=\"width:").append(pct(r.failed(), total))
                .append("%\"></i><i class=\"r\" style=\"width:").append(pct(r.running(), total))
                .append("%\"></i></span>").append(r.completed()).append('/').append(r.total());
        if (r.failed() > 0) {
            h.append(" <span class=\"sub\">(").append(r.failed()).append(" failed)</span>");
        }
    }

    private static void schedules(StringBuilder h, ScheduledRuns schedules) {
        Map<String, ScheduledRuns.Outcome> last = schedules.lastOutcomes();
        h.append("<h2>Schedules</h2><div class=\"panel\"><table id=\"schedules\"><thead><tr><th>Name</th>")
                .append("<th>Cron</th><th>Zone</th><th>Spec</th><th>Next</th><th>Last trigger</th></tr></thead><tbody>");
        for (Schedule s : schedules.schedules()) {
            ScheduledRuns.Outcome o = last.get(s.name());
            h.append("<tr><td>").append(esc(s.name())).append("</td><td class=\"mono\">").append(esc(s.cron()))
                    .append("</td><td>").append(esc(s.zone().getId())).append("</td><td class=\"mono\">")
                    .append(esc(s.spec())).append("</td><td>").append(esc(NEXT.format(schedules.next(s))))
                    .append("</td><td>");
            if (o == null) {
                h.append("-");
            } else {
                h.append("<span class=\"badge b-").append(esc(o.result())).append("\">").append(esc(o.result()))
                        .append("</span> ").append(esc(o.runDate()));
                if (o.jobExecutionId() != null) {
                    h.append(" <a href=\"/runs/").append(o.jobExecutionId()).append("\">run ")
                            .append(o.jobExecutionId()).append("</a>");
                }
                if (o.reason() != null) {
                    h.append(" <span class=\"sub\">").append(esc(o.reason())).append("</span>");
                }
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table></div>");
    }

    private static String pct(int n, int total) {
        return String.format(Locale.ROOT, "%.2f", 100.0 * n / total);
    }

    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
