package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The geometry of report.html's three SVG charts, computed here so that {@code templates/report.html} only draws:
 * every coordinate is a finished attribute value (formatted with {@link Locale#ROOT}) and every label is text that
 * Thymeleaf escapes. A chart is null when there is nothing to draw; the template then says so.
 *
 * @param passRate  pass rate by task, one horizontal bar per task
 * @param durations histogram of trial durations
 * @param timeline  every timed trial as a bar on its host's lanes
 * @param legend    the colours of the timeline
 * @param passAtK   pass@k against k, the unbiased estimator at every k up to the attempts
 * @param trendPassRate the trend's pass rate per run with its Wilson 95% band, null without a trend
 * @param trendCost the trend's cost per run, null without a trend
 * @param trendWallTime the trend's wall time per run, null without a trend (or without wall times)
 */
public record ReportCharts(PassRateBars passRate, DurationHistogram durations, HostTimeline timeline,
        List<LegendEntry> legend, LineChart passAtK, LineChart trendPassRate, LineChart trendCost,
        LineChart trendWallTime) {

    private static final Map<String, String> CLASS_COLOURS = Map.of("PASS", "#2f9e44", "NONE", "#adb5bd",
            "AGENT", "#f08c00", "VERIFIER", "#7048e8", "INFRA", "#e03131", "CONFIG", "#862e9c");

    private static final List<LegendEntry> LEGEND = List.of(legend("PASS", "passed"),
            legend("NONE", "failed (scored 0)"), legend("AGENT", "agent"), legend("VERIFIER", "verifier"),
            legend("INFRA", "infra"), legend("CONFIG", "config"));

    /** The charts of a report and its trial rows. */
    public static ReportCharts of(RunReport report, List<TrialRow> rows) {
        return new ReportCharts(PassRateBars.of(report.tasks()), DurationHistogram.of(rows), HostTimeline.of(rows),
                LEGEND, passAtKCurve(report.passAtK()), trend(report.trend(), Trend.PASS_RATE),
                trend(report.trend(), Trend.COST), trend(report.trend(), Trend.WALL_TIME));
    }

    /** pass@k for k = 1..K as a curve from 0 to 100%, k labelled where the pass@k table has a value. */
    static LineChart passAtKCurve(Map<Integer, Double> passAtK) {
        if (passAtK.isEmpty()) {
            return null;
        }
        List<Integer> ks = new ArrayList<>(passAtK.keySet());
        List<Integer> labelled = ReportView.passAtKTable(passAtK.keySet());
        double[] v = ks.stream().mapToDouble(passAtK::get).toArray();
        List<String> labels = ks.stream().map(k -> labelled.contains(k) ? Integer.toString(k) : null).toList();
        List<String> titles = ks.stream().map(k -> fmt("pass@%d = %.3f", k, passAtK.get(k))).toList();
        return LineChart.of(labels, v, null, null, 1.0, y -> fmt("%.0f%%", 100 * y), titles);
    }

    /** What a trend chart shows. */
    enum Trend { PASS_RATE, COST, WALL_TIME }

    static LineChart trend(RunReport.Trend trend, Trend what) {
        if (trend == null || trend.runs().isEmpty()) {
            return null;
        }
        List<RunReport.TrendPoint> runs = trend.runs();
        List<String> labels = runs.stream().map(p -> "#" + p.jobExecutionId()).toList();
        int n = runs.size();
        double[] v = new double[n];
        double[] lo = null;
        double[] hi = null;
        List<String> titles = new ArrayList<>();
        double max;
        java.util.function.DoubleFunction<String> label;
        switch (what) {
            case PASS_RATE -> {
                lo = new double[n];
                hi = new double[n];
                for (int i = 0; i < n; i++) {
                    RunReport.TrendPoint p = runs.get(i);
                    v[i] = p.passRate();
                    lo[i] = p.passRateCi95()[0];
                    hi[i] = p.passRateCi95()[1];
                    titles.add(fmt("run %d (%s): pass rate %.1f%%, 95%% CI %.1f-%.1f%%", p.jobExecutionId(), p.run(),
                            100 * v[i], 100 * lo[i], 100 * hi[i]));
                }
                max = 1.0;
                label = y -> fmt("%.0f%%", 100 * y);
            }
            case COST -> {
                for (int i = 0; i < n; i++) {
                    v[i] = runs.get(i).costUsd();
                    titles.add(fmt("run %d (%s): $%.2f", runs.get(i).jobExecutionId(), runs.get(i).run(), v[i]));
                }
                max = niceCeiling(java.util.Arrays.stream(v).max().orElse(0));
                label = y -> fmt("$%.2f", y);
            }
            default -> {
                if (runs.stream().allMatch(p -> p.wallTimeMs() == null)) {
                    return null;
                }
                for (int i = 0; i < n; i++) {
                    Long ms = runs.get(i).wallTimeMs();
                    v[i] = ms == null ? Double.NaN : ms;
                    titles.add(fmt("run %d (%s): wall time %s", runs.get(i).jobExecutionId(), runs.get(i).run(),
                            SummaryMarkdown.duration(ms)));
                }
                max = niceCeiling(java.util.Arrays.stream(v).filter(d -> !Double.isNaN(d)).max().orElse(0));
                label = y -> SummaryMarkdown.duration(Math.round(y));
            }
        }
        return LineChart.of(labels, v, lo, hi, max, label::apply, titles);
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code v} (1 for nothing). */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= v - 1e-12) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /**
     * A line over equally spaced x positions, from 0 to {@code yMax}: the polyline's points, a dot per value (with
     * its title), an optional band between two lines (a confidence interval) as a polygon, horizontal grid lines at
     * every quarter, x labels where given. A value that is NaN has no dot and breaks nothing: it is left out.
     */
    public record LineChart(String viewBox, int axisLeft, int axisRight, int axisTop, int axisBottom, int yLabelX,
            int xLabelY, List<CountTick> yTicks, List<Tick> xTicks, String line, String area, List<Dot> dots) {

        static LineChart of(List<String> xLabels, double[] v, double[] low, double[] high, double yMax,
                java.util.function.Function<Double, String> yLabel, List<String> titles) {
            int width = 560;
            int height = 220;
            int left = 54;
            int right = width - 14;
            int top = 12;
            int bottom = height - 30;
            int n = v.length;
            double plotW = right - left;
            double plotH = bottom - top;
            java.util.function.IntFunction<Double> x = i -> n == 1 ? left + plotW / 2 : left + plotW * i / (n - 1);
            java.util.function.DoubleFunction<Double> y = val -> bottom - plotH * Math.max(0, Math.min(1,
                    val / yMax));
            List<CountTick> yTicks = new ArrayList<>();
            for (int t = 0; t <= 4; t++) {
                double yy = bottom - plotH * t / 4.0;
                yTicks.add(new CountTick(fmt("%.1f", yy), fmt("%.1f", yy + 4), yLabel.apply(yMax * t / 4.0)));
            }
            List<Tick> xTicks = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            List<Dot> dots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (xLabels.get(i) != null) {
                    xTicks.add(new Tick(fmt("%.1f", x.apply(i)), xLabels.get(i)));
                }
                if (Double.isNaN(v[i])) {
                    continue;
                }
                String point = fmt("%.1f,%.1f", x.apply(i), y.apply(v[i]));
                line.append(line.isEmpty() ? "" : " ").append(point);
                dots.add(new Dot(fmt("%.1f", x.apply(i)), fmt("%.1f", y.apply(v[i])), titles.get(i)));
            }
            String area = null;
            if (low != null && high != null) {
                StringBuilder polygon = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    polygon.append(polygon.isEmpty() ? "" : " ").append(fmt("%.1f,%.1f", x.apply(i),
                            y.apply(high[i])));
                }
                for (int i = n - 1; i >= 0; i--) {
                    polygon.append(' ').append(fmt("%.1f,%.1f", x.apply(i), y.apply(low[i])));
                }
                area = polygon.toString();
            }
            return new LineChart("0 0 " + width + " " + height, left, right, top, bottom, left - 6, bottom + 16,
                    yTicks, xTicks, line.toString(), area, dots);
        }
    }

    /** A value of a line chart, where its dot is drawn. */
    public record Dot(String x, String y, String title) {
    }

    /** A colour swatch of the timeline legend. */
    public record LegendEntry(String colour, String label) {
    }

    /** An axis mark: a grid line at {@code x} with {@code label} under it. */
    public record Tick(String x, String label) {
    }

    /**
     * Pass rate by task: a bar per task from {@code barX}, its (shortened) name right-aligned at {@code labelX},
     * vertical grid lines every 25%.
     */
    public record PassRateBars(String viewBox, int labelX, int barX, int plotHeight, int tickLabelY, List<Tick> ticks,
            List<TaskBar> bars) {

        static PassRateBars of(List<RunReport.TaskSummary> tasks) {
            if (tasks.isEmpty()) {
                return null;
            }
            int rowH = tasks.size() <= 12 ? 30 : tasks.size() <= 30 ? 20 : 16;
            int label = 190;
            int width = 560;
            int barW = width - label - 50;
            int plotHeight = tasks.size() * rowH;
            List<Tick> ticks = new ArrayList<>();
            for (int t = 0; t <= 4; t++) {
                ticks.add(new Tick(fmt("%.1f", label + barW * t / 4.0), t * 25 + "%"));
            }
            List<TaskBar> bars = new ArrayList<>();
            int i = 0;
            for (RunReport.TaskSummary t : tasks) {
                int y = i++ * rowH;
                double w = barW * t.passRate();
                bars.add(new TaskBar(t.task() + ": " + t.passes() + "/" + t.attempts() + " passed",
                        t.task().length() > 30 ? t.task().substring(0, 29) + "…" : t.task(), y + rowH / 2 + 4, y + 3,
                        fmt("%.1f", Math.max(1.5, w)), rowH - 6, passColour(t.passRate()), fmt("%.1f", label + w + 4),
                        fmt("%.0f%%", 100 * t.passRate())));
            }
            return new PassRateBars("0 0 " + width + " " + (plotHeight + 28), label - 6, label, plotHeight,
                    plotHeight + 14, ticks, bars);
        }

        /** Red (0) through amber (0.5) to green (1). */
        static String passColour(double rate) {
            int r = rate < 0.5 ? 224 : (int) Math.round(224 - (224 - 47) * (rate - 0.5) * 2);
            int g = rate < 0.5 ? (int) Math.round(49 + (140 - 49) * rate * 2) : (int) Math.round(140 + (158 - 140)
                    * (rate - 0.5) * 2);
            int b = rate < 0.5 ? 49 : (int) Math.round(0 + 68 * (rate - 0.5) * 2);
            return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
        }
    }

    /** One task's bar; {@code textY} is the baseline of its name and of its value label. */
    public record TaskBar(String title, String name, int textY, int barY, String barWidth, int barHeight, String fill,
            String valueX, String value) {
    }

    /**
     * Trial durations in 5 to 30 equal bins from 0 to the longest trial, count grid lines every quarter of the
     * tallest bin, duration labels every quarter of the range.
     */
    public record DurationHistogram(String viewBox, int axisLeft, int axisRight, int countLabelX, int durationLabelY,
            List<CountTick> counts, List<Bin> bins, List<Tick> durations, String summary) {

        static DurationHistogram of(List<TrialRow> rows) {
            List<Long> sorted = rows.stream().map(TrialRow::durationMs).filter(Objects::nonNull).sorted().toList();
            if (sorted.isEmpty()) {
                return null;
            }
            long max = Math.max(1, sorted.get(sorted.size() - 1));
            int binCount = (int) Math.max(5, Math.min(30, Math.round(Math.sqrt(sorted.size()) * 1.5)));
            double binW = (double) max / binCount;
            int[] perBin = new int[binCount];
            for (long d : sorted) {
                perBin[(int) Math.min(binCount - 1, d / binW)]++;
            }
            int top = Arrays.stream(perBin).max().orElse(1);
            int width = 560;
            int height = 260;
            int left = 40;
            int bottom = 30;
            double plotW = width - left - 10;
            double plotH = height - bottom - 10;
            List<CountTick> counts = new ArrayList<>();
            for (int t = 0; t <= 4; t++) {
                double y = 10 + plotH - plotH * t / 4.0;
                counts.add(new CountTick(fmt("%.1f", y), fmt("%.1f", y + 4), Long.toString(Math.round(top * t / 4.0))));
            }
            List<Bin> bins = new ArrayList<>();
            for (int b = 0; b < binCount; b++) {
                double bh = plotH * perBin[b] / top;
                bins.add(new Bin(fmt("%.1f", left + plotW * b / binCount + 1), fmt("%.1f", 10 + plotH - bh),
                        fmt("%.1f", plotW / binCount - 2), fmt("%.1f", bh), SummaryMarkdown.duration(Math.round(b * binW)),
                        SummaryMarkdown.duration(Math.round((b + 1) * binW)), perBin[b]));
            }
            List<Tick> durations = new ArrayList<>();
            for (int t = 0; t <= 4; t++) {
                durations.add(new Tick(fmt("%.1f", left + plotW * t / 4.0),
                        SummaryMarkdown.duration(Math.round(max * t / 4.0))));
            }
            return new DurationHistogram("0 0 " + width + " " + height, left, width - 10, left - 5, height - 12, counts,
                    bins, durations, sorted.size() + " trials, p50 "
                            + SummaryMarkdown.duration(RewardStatistics.percentile(sorted, 0.5)));
        }
    }

    /** A horizontal count grid line at {@code y}, its label's baseline at {@code labelY}. */
    public record CountTick(String y, String labelY, String label) {
    }

    /** One histogram bin: its rectangle and the duration range {@code from}–{@code to} it counts. */
    public record Bin(String x, String y, String width, String height, String from, String to, int count) {
    }

    /**
     * Trials over time, one row per host (sorted by name) whose lanes let overlapping trials sit one above the
     * other, time grid lines every sixth of the span.
     */
    public record HostTimeline(String viewBox, int laneX, String laneWidth, int labelX, int axisBottom, int tickLabelY,
            List<HostRow> hosts, List<Tick> ticks) {

        static HostTimeline of(List<TrialRow> rows) {
            List<TrialRow> timed = rows.stream().filter(r -> r.startedAt() != null && r.finishedAt() != null).toList();
            if (timed.isEmpty()) {
                return null;
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
            List<HostRow> hosts = new ArrayList<>();
            int y = 4;
            for (Map.Entry<String, List<TrialRow>> host : byHost.entrySet()) {
                List<TrialRow> hostRows = new ArrayList<>(host.getValue());
                hostRows.sort(Comparator.comparing(TrialRow::startedAt));
                List<Long> laneEnds = new ArrayList<>();
                List<TrialSpan> spans = new ArrayList<>();
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
                    spans.add(new TrialSpan(fmt("%.2f", label + plotW * (s - t0) / span), y + lane * laneH,
                            fmt("%.2f", Math.max(0.8, plotW * (e - s) / span)), laneH - 1, colour,
                            r.partitionKey() + " (" + (r.passed() ? "passed" : r.failureClass()) + ") "
                                    + SummaryMarkdown.duration(e - s)));
                }
                int rowH = Math.max(1, laneEnds.size()) * laneH + 6;
                String name = host.getKey().length() > 26 ? host.getKey().substring(0, 25) + "…" : host.getKey();
                hosts.add(new HostRow(y - 3, rowH, y + rowH / 2 + 1, name, spans));
                y += rowH + 2;
            }
            List<Tick> ticks = new ArrayList<>();
            for (int t = 0; t <= 6; t++) {
                ticks.add(new Tick(fmt("%.1f", label + plotW * t / 6.0),
                        "+" + SummaryMarkdown.duration(Math.round(span * t / 6.0))));
            }
            return new HostTimeline("0 0 " + width + " " + (y + 24), label, fmt("%.1f", plotW), label - 6, y, y + 15,
                    hosts, ticks);
        }
    }

    /** A host's band from {@code y} of {@code height}, its (shortened) name's baseline at {@code labelY}. */
    public record HostRow(int y, int height, int labelY, String name, List<TrialSpan> spans) {
    }

    /** One trial from its start to its end, coloured by outcome. */
    public record TrialSpan(String x, int y, String width, int height, String fill, String title) {
    }

    private static LegendEntry legend(String colourOf, String label) {
        return new LegendEntry(CLASS_COLOURS.get(colourOf), label);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
