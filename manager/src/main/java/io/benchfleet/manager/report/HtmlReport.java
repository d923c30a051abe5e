package io.benchfleet.manager.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained page (inline CSS, inline SVG charts, a few lines of inline JavaScript for
 * sorting tables; nothing is loaded from the network). Every value that comes from data is HTML-escaped.
 */
public class HtmlReport {

    private static final String CSS = """
            :root{--fg:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--pass:#2f9e44;
            --fail:#adb5bd;--agent:#f08c00;--verifier:#7048e8;--infra:#e03131;--config:#862e9c;--accent:#1c7ed6}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
            color:var(--fg);background:var(--bg)}
            main{max-width:1240px;margin:0 auto;padding:24px 28px 60px}
            h1{font-size:26px;margin:0 0 2px}h2{font-size:18px;margin:34px 0 10px}
            .sub{color:var(--muted);margin-bottom:16px}
            .badge{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;font-weight:600;
            vertical-align:middle;color:#fff;background:var(--muted)}
            .b-COMPLETED,.b-better{background:var(--pass)}.b-FAILED,.b-worse{background:var(--infra)}
            .b-nochange{background:var(--muted)}
            .banner{background:#fff4e6;border:1px solid #ffc078;border-radius:8px;padding:10px 14px;margin:12px 0}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
            .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
            .card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
            .card .v{font-size:22px;font-weight:650;margin-top:2px}.card .d{color:var(--muted);font-size:12px}
            .card.hero{grid-column:span 2}.card.hero .v{font-size:34px}
            .panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;
            overflow-x:auto}
            table{border-collapse:collapse;width:100%;font-size:13px}
            th,td{padding:5px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            thead th{position:sticky;top:0;background:#f8f9fa;font-weight:600;white-space:nowrap}
            table.sortable th{cursor:pointer;user-select:none}
            table.sortable th::after{content:" \\2195";color:#ced4da;font-size:11px}
            table.sortable th[aria-sort=ascending]::after{content:" \\2191";color:var(--accent)}
            table.sortable th[aria-sort=descending]::after{content:" \\2193";color:var(--accent)}
            tbody tr:hover{background:#f1f3f5}
            .msg{max-width:520px;word-break:break-word;color:#495057}
            .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
            .pill{display:inline-block;border-radius:4px;padding:0 5px;margin:1px 3px 1px 0;font-size:11px;
            color:#fff;background:var(--fail)}
            .c-AGENT{background:var(--agent)}.c-VERIFIER{background:var(--verifier)}.c-INFRA{background:var(--infra)}
            .c-CONFIG{background:var(--config)}
            .good{color:var(--pass);font-weight:600}.bad{color:var(--infra);font-weight:600}
            .grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
            @media (max-width:900px){.grid2{grid-template-columns:1fr}.card.hero{grid-column:span 1}}
            svg text{font:11px -apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#495057}
            svg .axis{stroke:#ced4da;stroke-width:1}
            .legend span{display:inline-block;margin-right:14px;font-size:12px;color:var(--muted)}
            .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;
            vertical-align:-1px}
            a{color:var(--accent)}footer{margin-top:40px;color:var(--muted);font-size:12px}
            """;

    private static final String SCRIPT = """
            (function(){
              var tables=document.querySelectorAll('table.sortable');
              Array.prototype.forEach.call(tables,function(t){
                var heads=t.tHead.rows[0].cells;
                Array.prototype.forEach.call(heads,function(th,i){
                  th.addEventListener('click',function(){
                    var asc=th.getAttribute('aria-sort')!=='ascending';
                    Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
                    th.setAttribute('aria-sort',asc?'ascending':'descending');
                    var num=th.classList.contains('n');
                    var body=t.tBodies[0];
                    var rows=Array.prototype.slice.call(body.rows);
                    rows.sort(function(a,b){
                      var x=a.cells[i].getAttribute('data-v'),y=b.cells[i].getAttribute('data-v');
                      if(x===null){x=a.cells[i].textContent;}
                      if(y===null){y=b.cells[i].textContent;}
                      var c=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y);
                      return asc?c:-c;
                    });
                    rows.forEach(function(r){body.appendChild(r);});
                  });
                });
              });
              document.documentElement.setAttribute('data-ready','1');
            })();
            """;

    private static final Map<String, String> CLASS_COLOURS = Map.of("PASS", "#2f9e44", "NONE", "#adb5bd",
            "AGENT", "#f08c00", "VERIFIER", "#7048e8", "INFRA", "#e03131", "CONFIG", "#862e9c");

    public String render(RunReport r, List<TrialRow> rows, String runName) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>").append(esc(r.spec())).append(" - run ").append(r.jobExecutionId())
                .append(" - benchfleet</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(h, r, runName);
        headline(h, r);
        regression(h, r.regression());
        charts(h, r, rows);
        taskTable(h, r);
        failures(h, r);
        missing(h, r);
        h.append("<footer>Generated by benchfleet at ").append(esc(String.valueOf(r.generatedAt())))
                .append(" - report schema v").append(r.schemaVersion())
                .append(". Files next to this one: report.json, trials.csv, summary.md.</footer>\n");
        h.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    // --- sections ---------------------------------------------------------------------------------------------------

    private static void header(StringBuilder h, RunReport r, String runName) {
        h.append("<h1>").append(esc(r.spec())).append(" <span class=\"badge b-").append(cssToken(r.runStatus()))
                .append("\">").append(esc(r.runStatus())).append("</span></h1>\n");
        h.append("<div class=\"sub\">run <b>").append(esc(runName == null ? "-" : runName))
                .append("</b> &middot; job execution ").append(r.jobExecutionId()).append(" (instance ")
                .append(r.jobInstanceId()).append(") &middot; started ").append(esc(time(r.startedAt())))
                .append(" &middot; last trial finished ").append(esc(time(r.lastTrialFinishedAt()))).append("</div>\n");
        if (r.missingPartitions() > 0) {
            h.append("<div class=\"banner\"><b>Partial report:</b> ").append(r.missingPartitions()).append(" of ")
                    .append(r.plannedPartitions()).append(" planned partitions have no result (listed under "
                            + "<a href=\"#missing\">Missing partitions</a>). Figures cover the ").append(r.trials())
                    .append(" trials that ran.</div>\n");
        }
    }

    private static void headline(StringBuilder h, RunReport r) {
        h.append("<section class=\"cards\" id=\"headline\">\n");
        card(h, "hero", "Mean reward", fmt("%.3f", r.meanReward()),
                fmt("pass rate %.1f%% &middot; 95%% Wilson CI %.1f&ndash;%.1f%%", 100 * r.passRate(),
                        100 * r.passRateCi95()[0], 100 * r.passRateCi95()[1]));
        StringBuilder passAtK = new StringBuilder();
        r.passAtK().forEach((k, v) -> passAtK.append(passAtK.isEmpty() ? "" : " &middot; ").append("@").append(k)
                .append(' ').append(fmt("%.3f", v)));
        card(h, "hero", "pass@k", r.passAtK().isEmpty() ? "-" : fmt("%.3f", r.passAtK().get(1)),
                passAtK.isEmpty() ? "no trials" : passAtK.toString());
        card(h, "", "Trials", Integer.toString(r.trials()), r.passed() + " passed &middot; " + r.scored()
                + " scored &middot; " + r.plannedPartitions() + " planned");
        StringBuilder classes = new StringBuilder();
        r.failuresByClass().forEach((c, n) -> classes.append("<span class=\"pill c-").append(cssToken(c)).append("\">")
                .append(esc(c)).append(' ').append(n).append("</span>"));
        int failures = r.failuresByClass().values().stream().mapToInt(Integer::intValue).sum();
        card(h, "", "Failures", Integer.toString(failures), classes.isEmpty() ? "none" : classes.toString());
        card(h, "", "Cost", fmt("$%.2f", r.costUsd()), r.trials() == 0 ? "" : fmt("$%.4f per trial",
                r.costUsd() / r.trials()));
        card(h, "", "Tokens", compact(r.inputTokens() + r.outputTokens()), fmt("%,d in &middot; %,d cache "
                + "&middot; %,d out", r.inputTokens(), r.cacheTokens(), r.outputTokens()));
        card(h, "", "Wall time", SummaryMarkdown.duration(r.wallTimeMs()), "trial p50 "
                + SummaryMarkdown.duration(r.durationP50Ms()) + " &middot; p95 "
                + SummaryMarkdown.duration(r.durationP95Ms()));
        RunReport.Fleet f = r.fleet();
        card(h, "", "Fleet", f.hosts() + (f.hosts() == 1 ? " host" : " hosts"), f.hostBusyFraction() == null ? ""
                : fmt("busy %.0f%% of the span &middot; %.1f trials in flight on average",
                        100 * f.hostBusyFraction(), f.meanConcurrentTrials()));
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String cls, String key, String value, String detailHtml) {
        h.append("<div class=\"card ").append(cls).append("\"><div class=\"k\">").append(esc(key))
                .append("</div><div class=\"v\">").append(esc(value)).append("</div><div class=\"d\">")
                .append(detailHtml).append("</div></div>\n");
    }

    private static void regression(StringBuilder h, RunReport.Regression g) {
        h.append("<h2 id=\"regression\">Regression</h2>\n<div class=\"panel\">\n");
        if (g == null) {
            h.append("<p>No earlier completed run of this spec to compare with.</p>\n</div>\n");
            return;
        }
        String badge = g.verdict().equals(RegressionAnalysis.BETTER) ? "better"
                : g.verdict().equals(RegressionAnalysis.WORSE) ? "worse" : "nochange";
        h.append("<p><span class=\"badge b-").append(badge).append("\">").append(esc(g.verdict()))
                .append("</span> against run <b>").append(esc(g.baselineRun())).append("</b> (job execution ")
                .append(g.baselineJobExecutionId()).append("): pass rate ")
                .append(fmt("%.1f%% &rarr; %.1f%% (", 100 * g.baselinePassRate(),
                        100 * (g.baselinePassRate() + g.passRateDelta())))
                .append(signed(100 * g.passRateDelta(), "%.1f pp")).append(fmt("), two-proportion z = %.2f, "
                        + "p = %.3g at &alpha; = %.2f.", g.z(), g.pValue(), g.alpha())).append("</p>\n");
        h.append("<table><tbody>\n");
        deltaRow(h, "Mean reward", fmt("%.3f", g.baselineMeanReward()),
                fmt("%.3f", g.baselineMeanReward() + g.meanRewardDelta()), signed(g.meanRewardDelta(), "%.3f"),
                g.meanRewardDelta());
        deltaRow(h, "Cost", fmt("$%.2f", g.baselineCostUsd()), fmt("$%.2f", g.baselineCostUsd() + g.costDeltaUsd()),
                (g.costDeltaUsd() < 0 ? "-" : "+") + fmt("$%.2f", Math.abs(g.costDeltaUsd())), -g.costDeltaUsd());
        deltaRow(h, "Wall time", SummaryMarkdown.duration(g.baselineWallTimeMs()),
                SummaryMarkdown.duration(plus(g.baselineWallTimeMs(), g.wallTimeDeltaMs())),
                SummaryMarkdown.signedDuration(g.wallTimeDeltaMs()),
                g.wallTimeDeltaMs() == null ? 0 : -g.wallTimeDeltaMs());
        deltaRow(h, "Trial duration p50", SummaryMarkdown.duration(g.baselineDurationP50Ms()),
                SummaryMarkdown.duration(plus(g.baselineDurationP50Ms(), g.durationP50DeltaMs())),
                SummaryMarkdown.signedDuration(g.durationP50DeltaMs()),
                g.durationP50DeltaMs() == null ? 0 : -g.durationP50DeltaMs());
        h.append("</tbody></table>\n");
        h.append("<p>").append(g.tasksCompared()).append(" tasks in both runs: <b>").append(g.flippedToFailed())
                .append("</b> flipped passed&rarr;failed, <b>").append(g.flippedToPassed())
                .append("</b> failed&rarr;passed; ").append(g.taskChanges().size())
                .append(" changed their pass count (Fisher's exact test, two-sided).");
        if (!g.newTasks().isEmpty()) {
            h.append(" New tasks: ").append(esc(String.join(", ", g.newTasks()))).append('.');
        }
        if (!g.droppedTasks().isEmpty()) {
            h.append(" Not in this run: ").append(esc(String.join(", ", g.droppedTasks()))).append('.');
        }
        h.append("</p>\n");
        if (!g.taskChanges().isEmpty()) {
            h.append("<table class=\"sortable\" id=\"flips\"><thead><tr><th>task</th><th class=\"n\">before</th>"
                    + "<th class=\"n\">now</th><th class=\"n\">&Delta; pass rate</th><th>flip</th>"
                    + "<th class=\"n\">p (Fisher)</th></tr></thead><tbody>\n");
            for (RunReport.TaskChange c : g.taskChanges()) {
                h.append("<tr><td>").append(esc(c.task())).append("</td><td class=\"n\" data-v=\"")
                        .append(c.baselinePasses() / (double) c.baselineAttempts()).append("\">")
                        .append(c.baselinePasses()).append('/').append(c.baselineAttempts())
                        .append("</td><td class=\"n\" data-v=\"").append(c.passes() / (double) c.attempts())
                        .append("\">").append(c.passes()).append('/').append(c.attempts())
                        .append("</td><td class=\"n ").append(c.passRateDelta() > 0 ? "good" : "bad")
                        .append("\" data-v=\"").append(c.passRateDelta()).append("\">")
                        .append(signed(100 * c.passRateDelta(), "%.0f pp")).append("</td><td>")
                        .append(c.flip() == null ? "" : esc(c.flip())).append("</td><td class=\"n")
                        .append(c.significant() ? " bad" : "").append("\" data-v=\"").append(c.pValue())
                        .append("\">").append(fmt("%.3g", c.pValue())).append(c.significant() ? " *" : "")
                        .append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append("</div>\n");
    }

    private static void deltaRow(StringBuilder h, String what, String before, String now, String delta,
            double goodness) {
        h.append("<tr><th>").append(esc(what)).append("</th><td class=\"n\">").append(esc(before))
                .append("</td><td class=\"n\">&rarr; ").append(esc(now)).append("</td><td class=\"n ")
                .append(goodness > 0 ? "good" : goodness < 0 ? "bad" : "").append("\">").append(esc(delta))
                .append("</td></tr>\n");
    }

    private static void charts(StringBuilder h, RunReport r, List<TrialRow> rows) {
        h.append("<h2 id=\"charts\">Charts</h2>\n<div class=\"grid2\">\n<div class=\"panel\"><b>Pass rate by task"
                + "</b>\n");
        passRateBars(h, r.tasks());
        h.append("</div>\n<div class=\"panel\"><b>Trial duration</b>\n");
        histogram(h, rows);
        h.append("</div>\n</div>\n<div class=\"panel\" style=\"margin-top:16px\"><b>Timeline: partitions per host"
                + "</b> <span class=\"legend\">");
        legend(h);
        h.append("</span>\n");
        timeline(h, rows);
        h.append("</div>\n");
    }

    private static void legend(StringBuilder h) {
        for (String[] l : new String[][] {{"PASS", "passed"}, {"NONE", "failed (scored 0)"}, {"AGENT", "agent"},
                {"VERIFIER", "verifier"}, {"INFRA", "infra"}, {"CONFIG", "config"}}) {
            h.append("<span><i style=\"background:").append(CLASS_COLOURS.get(l[0])).append("\"></i>").append(l[1])
                    .append("</span>");
        }
    }

    private static void passRateBars(StringBuilder h, List<RunReport.TaskSummary> tasks) {
        if (tasks.isEmpty()) {
            h.append("<p>No trials.</p>\n");
            return;
        }
        int rowH = tasks.size() <= 12 ? 30 : tasks.size() <= 30 ? 20 : 16;
        int label = 190;
        int width = 560;
        int barW = width - label - 50;
        int height = tasks.size() * rowH + 28;
        h.append("<svg id=\"chart-pass-rate\" role=\"img\" aria-label=\"pass rate by task\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"100%\">\n");
        for (int t = 0; t <= 4; t++) {
            double x = label + barW * t / 4.0;
            h.append(fmt("<line class=\"axis\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>", x, x,
                    tasks.size() * rowH)).append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d%%</text>",
                    x, tasks.size() * rowH + 14, t * 25)).append('\n');
        }
        int i = 0;
        for (RunReport.TaskSummary t : tasks) {
            int y = i++ * rowH;
            String name = t.task().length() > 30 ? t.task().substring(0, 29) + "…" : t.task();
            h.append(fmt("<g class=\"bar\"><title>%s: %d/%d passed</title>", esc(t.task()), t.passes(), t.attempts()))
                    .append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", label - 6,
                            y + rowH / 2 + 4, esc(name)))
                    .append(fmt("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>", label,
                            y + 3, Math.max(1.5, barW * t.passRate()), rowH - 6, passColour(t.passRate())))
                    .append(fmt("<text x=\"%.1f\" y=\"%d\">%.0f%%</text></g>\n", label + barW * t.passRate() + 4,
                            y + rowH / 2 + 4, 100 * t.passRate()));
        }
        h.append("</svg>\n");
    }

    private static String passColour(double rate) {
        // red (0) -> amber (0.5) -> green (1)
        int r = rate < 0.5 ? 224 : (int) Math.round(224 - (224 - 47) * (rate - 0.5) * 2);
        int g = rate < 0.5 ? (int) Math.round(49 + (140 - 49) * rate * 2) : (int) Math.round(140 + (158 - 140)
                * (rate - 0.5) * 2);
        int b = rate < 0.5 ? 49 : (int) Math.round(0 + 68 * (rate - 0.5) * 2);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static void histogram(StringBuilder h, List<TrialRow> rows) {
        List<Long> durations = rows.stream().map(TrialRow::durationMs).filter(Objects::nonNull).sorted().toList();
        if (durations.isEmpty()) {
            h.append("<p>No trial durations.</p>\n");
            return;
        }
        long max = Math.max(1, durations.get(durations.size() - 1));
        int bins = (int) Math.max(5, Math.min(30, Math.round(Math.sqrt(durations.size()) * 1.5)));
        double binW = (double) max / bins;
        int[] counts = new int[bins];
        for (long d : durations) {
            counts[(int) Math.min(bins - 1, d / binW)]++;
        }
        int top = java.util.Arrays.stream(counts).max().orElse(1);
        int width = 560;
        int height = 260;
        int left = 40;
        int bottom = 30;
        double plotW = width - left - 10;
        double plotH = height - bottom - 10;
        h.append("<svg id=\"chart-durations\" role=\"img\" aria-label=\"trial duration histogram\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"100%\">\n");
        for (int t = 0; t <= 4; t++) {
            double y = 10 + plotH - plotH * t / 4.0;
            h.append(fmt("<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", left, y, width - 10, y))
                    .append(fmt("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n", left - 5, y + 4,
                            Math.round(top * t / 4.0)));
        }
        for (int b = 0; b < bins; b++) {
            double x = left + plotW * b / bins;
            double bh = plotH * counts[b] / top;
            h.append(fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4dabf7\"><title>%s"
                            + "&ndash;%s: %d trials</title></rect>\n", x + 1, 10 + plotH - bh, plotW / bins - 2, bh,
                    SummaryMarkdown.duration(Math.round(b * binW)), SummaryMarkdown.duration(Math.round((b + 1)
                            * binW)), counts[b]));
        }
        for (int t = 0; t <= 4; t++) {
            double x = left + plotW * t / 4.0;
            h.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, height - 12,
                    SummaryMarkdown.duration(Math.round(max * t / 4.0))));
        }
        h.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d trials, p50 %s</text>\n", width - 10, 22,
                durations.size(), SummaryMarkdown.duration(RewardStatistics.percentile(durations, 0.5))));
        h.append("</svg>\n");
    }

    private static void timeline(StringBuilder h, List<TrialRow> rows) {
        List<TrialRow> timed = rows.stream().filter(r -> r.startedAt() != null && r.finishedAt() != null).toList();
        if (timed.isEmpty()) {
            h.append("<p>No timed trials.</p>\n");
            return;
        }
        long t0 = timed.stream().mapToLong(r -> r.startedAt().toEpochMilli()).min().orElseThrow();
        long t1 = timed.stream().mapToLong(r -> r.finishedAt().toEpochMilli()).max().orElseThrow();
        long span = Math.max(1, t1 - t0);
        Map<String, List<TrialRow>> byHost = timed.stream().collect(Collectors.groupingBy(
                r -> r.host() == null ? "?" : r.host(), TreeMap::new, Collectors.toList()));
        int width = 1180;
        int label = 170;
        double plotW = width - label - 20;
        int laneH = 7;
        StringBuilder bars = new StringBuilder();
        int y = 4;
        for (Map.Entry<String, List<TrialRow>> host : byHost.entrySet()) {
            List<TrialRow> hostRows = new ArrayList<>(host.getValue());
            hostRows.sort(Comparator.comparing(TrialRow::startedAt));
            List<Long> laneEnds = new ArrayList<>();
            StringBuilder hostBars = new StringBuilder();
            for (TrialRow r : hostRows) {
                long s = r.startedAt().toEpochMilli();
                long e = Math.max(s, r.finishedAt().toEpochMilli());
                int lane = 0;
                while (lane < laneEnds.size() && laneEnds.get(lane) > s) {
                    lane++;
                }
                if (lane == laneEnds.size()) {
                    laneEnds.add(e);
                } else {
                    laneEnds.set(lane, e);
                }
                String colour = r.passed() ? CLASS_COLOURS.get("PASS")
                        : CLASS_COLOURS.getOrDefault(r.failureClass(), CLASS_COLOURS.get("NONE"));
                hostBars.append(fmt("<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>%s "
                                + "(%s) %s</title></rect>", label + plotW * (s - t0) / span, y + lane * laneH,
                        Math.max(0.8, plotW * (e - s) / span), laneH - 1, colour, esc(r.partitionKey()),
                        esc(r.passed() ? "passed" : r.failureClass()), SummaryMarkdown.duration(e - s)));
            }
            int rowH = Math.max(1, laneEnds.size()) * laneH + 6;
            bars.append(fmt("<g class=\"host\"><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    label, y - 3, plotW, rowH, "#f8f9fa"))
                    .append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", label - 6,
                            y + rowH / 2 + 1, esc(host.getKey().length() > 26 ? host.getKey().substring(0, 25) + "…"
                                    : host.getKey())))
                    .append(hostBars).append("</g>\n");
            y += rowH + 2;
        }
        int height = y + 24;
        h.append("<svg id=\"chart-timeline\" role=\"img\" aria-label=\"timeline of partitions per host\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"100%\">\n").append(bars);
        for (int t = 0; t <= 6; t++) {
            double x = label + plotW * t / 6.0;
            h.append(fmt("<line class=\"axis\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>", x, x, y))
                    .append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">+%s</text>\n", x, y + 15,
                            SummaryMarkdown.duration(Math.round(span * t / 6.0))));
        }
        h.append("</svg>\n");
    }

    private static void taskTable(StringBuilder h, RunReport r) {
        h.append("<h2 id=\"tasks\">Tasks</h2>\n<div class=\"panel\"><table class=\"sortable\" id=\"task-table\">"
                + "<thead><tr><th>task</th><th class=\"n\">attempts</th><th class=\"n\">passes</th>"
                + "<th class=\"n\">pass rate</th><th class=\"n\">mean reward</th><th class=\"n\">mean duration</th>"
                + "<th>failures</th></tr></thead><tbody>\n");
        for (RunReport.TaskSummary t : r.tasks()) {
            h.append("<tr><td>").append(esc(t.task())).append("</td><td class=\"n\">").append(t.attempts())
                    .append("</td><td class=\"n\">").append(t.passes()).append("</td><td class=\"n\" data-v=\"")
                    .append(t.passRate()).append("\">").append(fmt("%.0f%%", 100 * t.passRate()))
                    .append("</td><td class=\"n\" data-v=\"").append(t.meanReward()).append("\">")
                    .append(fmt("%.3f", t.meanReward())).append("</td><td class=\"n\" data-v=\"")
                    .append(t.meanDurationMs() == null ? "" : t.meanDurationMs()).append("\">")
                    .append(SummaryMarkdown.duration(t.meanDurationMs())).append("</td><td>");
            t.failuresByClass().forEach((c, n) -> h.append("<span class=\"pill c-").append(cssToken(c)).append("\">")
                    .append(esc(c)).append(' ').append(n).append("</span>"));
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    private static void failures(StringBuilder h, RunReport r) {
        h.append("<h2 id=\"failures\">Failures</h2>\n<div class=\"panel\">");
        if (r.failures().isEmpty()) {
            h.append("<p>No failed trials.</p></div>\n");
            return;
        }
        h.append("<table class=\"sortable\" id=\"failure-table\"><thead><tr><th>partition</th><th>class</th>"
                + "<th>exception</th><th>message</th><th>host</th><th>artifacts</th></tr></thead><tbody>\n");
        for (RunReport.FailedTrial f : r.failures()) {
            h.append("<tr><td class=\"mono\">").append(esc(f.partitionKey())).append("</td><td><span class=\"pill c-")
                    .append(cssToken(f.failureClass())).append("\">").append(esc(f.failureClass()))
                    .append("</span></td><td class=\"mono\">").append(esc(f.exceptionType()))
                    .append("</td><td class=\"msg\">").append(esc(f.message())).append("</td><td class=\"mono\">")
                    .append(esc(f.host())).append("</td><td>").append(link(f.artifactUri())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    private static void missing(StringBuilder h, RunReport r) {
        if (r.missingPartitions() == 0) {
            return;
        }
        h.append("<h2 id=\"missing\">Missing partitions</h2>\n<div class=\"panel\"><p>").append(r.missingPartitions())
                .append(" of ").append(r.plannedPartitions()).append(" planned partitions have no result yet.</p>");
        if (!r.missingPartitionKeys().isEmpty()) {
            h.append("<p class=\"mono\" id=\"missing-keys\">");
            for (int i = 0; i < r.missingPartitionKeys().size(); i++) {
                h.append(i == 0 ? "" : ", ").append(esc(r.missingPartitionKeys().get(i)));
            }
            h.append("</p>");
        }
        h.append("</div>\n");
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /** HTML-escapes text for element content and quoted attribute values; null becomes empty. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A link for artifact URIs of safe schemes (http, https, file, s3); anything else is shown as text. */
    static String link(String uri) {
        if (uri == null || uri.isBlank()) {
            return "";
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("file:")
                || lower.startsWith("s3://")) {
            String shown = uri.length() > 60 ? "…" + uri.substring(uri.length() - 59) : uri;
            return "<a class=\"mono\" href=\"" + esc(uri) + "\">" + esc(shown) + "</a>";
        }
        return "<span class=\"mono\">" + esc(uri) + "</span>";
    }

    /** Letters, digits, '-' and '_' only: for class names built from data. */
    private static String cssToken(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9_-]", "");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String signed(double v, String format) {
        return (v > 0 ? "+" : v < 0 ? "\u2212" : "±") + fmt(format, Math.abs(v));
    }

    private static String compact(long n) {
        if (n >= 1_000_000_000) {
            return fmt("%.2fB", n / 1e9);
        }
        if (n >= 1_000_000) {
            return fmt("%.2fM", n / 1e6);
        }
        if (n >= 10_000) {
            return fmt("%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.toString().replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z");
    }

    private static Long plus(Long a, Long b) {
        return a == null || b == null ? null : a + b;
    }
}
