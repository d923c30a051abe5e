package io.benchfleet.manager.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.worker.artifact.ArtifactStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds a run's report from {@code trial_result} (with the regression against the previous completed run of the
 * same spec, and the trend over its last completed runs) and writes {@code report.html}, {@code report.json},
 * {@code trials.csv}, {@code summary.md}, {@code comparisons.csv} and {@code leaderboard.csv} to
 * {@code reports/<jobExecutionId>/} in the artifact store. Used by the report step and by {@code benchfleet report};
 * {@code report --compare A B} writes B's report against A to {@code reports/<B>/vs-<A>/}.
 */
public class ReportGenerator {

    public static final List<String> FILES = List.of("report.html", "report.json", "trials.csv", "summary.md",
            "comparisons.csv", "leaderboard.csv");

    private final TrialResultQuery query;
    private final TrendQuery trends;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public ReportGenerator(TrialResultQuery query, ArtifactStore artifacts, Clock clock) {
        this(query, null, artifacts, clock);
    }

    /** @param trends the trend's queries, null for a report without a trend */
    public ReportGenerator(TrialResultQuery query, TrendQuery trends, ArtifactStore artifacts, Clock clock) {
        this.query = query;
        this.trends = trends;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /** A generator with every section, over one repository. */
    public static ReportGenerator over(JdbcTemplate jdbc, ArtifactStore artifacts, Clock clock) {
        return new ReportGenerator(new TrialResultQuery(jdbc), new TrendQuery(jdbc), artifacts, clock);
    }

    /** The run a report is for. */
    public record Run(String jobName, String spec, String run, long jobInstanceId, long jobExecutionId,
            String status, Instant startedAt) {
    }

    /** What was written: the report, its summary and the URI of the report directory (ending in '/'). */
    public record Written(RunReport report, String summary, String location) {
    }

    /**
     * The run's report against the previous completed run of its spec (of the same kind: rehearsals with rehearsals),
     * in {@code reports/<id>/}.
     */
    public Written generate(Run run) {
        RunReport report = report(run, true);
        var previous = query.previousCompletedRun(run.jobName(), run.spec(), run.jobInstanceId(),
                report.provenance().rehearsal());
        if (previous.isPresent()) {
            TrialResultQuery.Baseline b = previous.get();
            report = report.withRegression(new RegressionAnalysis().compare(report, report(new Run(run.jobName(),
                    run.spec(), b.run(), b.jobInstanceId(), b.jobExecutionId(), "COMPLETED", b.startedAt()), false),
                    b.run()));
        }
        return write(run, report, "");
    }

    /** {@code run}'s report against {@code baseline} (any run), in {@code reports/<run>/vs-<baseline>/}. */
    public Written compare(Run baseline, Run run) {
        RunReport current = report(run, true);
        RunReport report = current.withRegression(new RegressionAnalysis().compare(current, report(baseline, false),
                baseline.run()));
        return write(run, report, "vs-" + baseline.jobExecutionId() + "/");
    }

    private RunReport report(Run run, boolean withTrend) {
        List<TrialRow> rows = query.latestPerPartition(run.jobInstanceId());
        ReportSettings settings = query.settings(run.jobExecutionId());
        RunReport report = new RunReportBuilder().build(run.spec(), run.jobInstanceId(), run.jobExecutionId(),
                run.status(), run.startedAt(), query.plannedPartitions(run.jobInstanceId()), rows,
                query.missingPartitionKeys(run.jobInstanceId()), clock.instant(), settings)
                .withProvenance(query.provenance(run.jobInstanceId()));
        return trends == null || !withTrend ? report : report.withTrend(trend(run, report, settings.trendRuns()));
    }

    /** The last {@code window - 1} completed runs of the spec of this run's kind, oldest first, and this run. */
    private RunReport.Trend trend(Run run, RunReport report, int window) {
        List<TrialResultQuery.Baseline> earlier = new ArrayList<>(query.completedRunsBefore(run.jobName(),
                run.spec(), run.jobInstanceId(), window - 1, report.provenance().rehearsal()));
        Collections.reverse(earlier);
        Map<Long, TrendQuery.Results> results = earlier.isEmpty() ? Map.of()
                : trends.results(TrendQuery.instances(earlier));
        List<TrendAnalysis.RunResults> runs = new ArrayList<>();
        for (TrialResultQuery.Baseline r : earlier) {
            TrendQuery.Results res = results.get(r.jobInstanceId());
            if (res != null) {
                runs.add(new TrendAnalysis.RunResults(r.jobExecutionId(), r.jobInstanceId(), r.run(), r.startedAt(),
                        res.tallies(), res.costUsd(), RunReportBuilder.wallTimeMs(r.startedAt(), res.firstStarted(),
                        res.lastFinished()), false));
            }
        }
        Map<String, TaskComparisons.Tally> current = new TreeMap<>();
        report.tasks().forEach(t -> current.put(t.task(), new TaskComparisons.Tally(t.attempts(), t.passes())));
        runs.add(new TrendAnalysis.RunResults(run.jobExecutionId(), run.jobInstanceId(), run.run(), run.startedAt(),
                current, report.costUsd(), report.wallTimeMs(), true));
        return TrendAnalysis.of(window, runs);
    }

    private Written write(Run run, RunReport report, String subdirectory) {
        List<TrialRow> rows = query.latestPerPartition(run.jobInstanceId());
        String summary = new SummaryMarkdown().render(report);
        store(run, subdirectory + "report.json", Json.prettyBytes(report), "application/json");
        store(run, subdirectory + "trials.csv", TrialsCsv.render(rows).getBytes(StandardCharsets.UTF_8),
                "text/csv; charset=utf-8");
        store(run, subdirectory + "comparisons.csv", ReportTables.comparisons(report).getBytes(StandardCharsets.UTF_8),
                "text/csv; charset=utf-8");
        store(run, subdirectory + "leaderboard.csv", ReportTables.leaderboard(report).getBytes(StandardCharsets.UTF_8),
                "text/csv; charset=utf-8");
        store(run, subdirectory + "report.html", new HtmlReport().render(report, rows, run.run())
                .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
        String location = store(run, subdirectory + "summary.md", summary.getBytes(StandardCharsets.UTF_8),
                "text/markdown; charset=utf-8");
        return new Written(report, summary, location.substring(0, location.lastIndexOf('/') + 1));
    }

    private String store(Run run, String name, byte[] content, String contentType) {
        return artifacts.storeFile(content, ArtifactStore.reportPath(run.jobExecutionId(), name), contentType)
                .toString();
    }
}
