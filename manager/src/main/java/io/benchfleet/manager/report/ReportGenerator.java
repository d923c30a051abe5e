package io.benchfleet.manager.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.worker.artifact.ArtifactStore;

/**
 * Builds a run's report from {@code trial_result} (with the regression against the previous completed run of the
 * same spec) and writes {@code report.html}, {@code report.json}, {@code trials.csv} and {@code summary.md} to
 * {@code reports/<jobExecutionId>/} in the artifact store. Used by the report step and by {@code benchfleet report}.
 */
public class ReportGenerator {

    public static final List<String> FILES = List.of("report.html", "report.json", "trials.csv", "summary.md");

    private final TrialResultQuery query;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public ReportGenerator(TrialResultQuery query, ArtifactStore artifacts, Clock clock) {
        this.query = query;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /** The run a report is for. */
    public record Run(String jobName, String spec, String run, long jobInstanceId, long jobExecutionId,
            String status, Instant startedAt) {
    }

    /** What was written: the report, its summary and the URI of the report directory (ending in '/'). */
    public record Written(RunReport report, String summary, String location) {
    }

    public Written generate(Run run) {
        List<TrialRow> rows = query.latestPerPartition(run.jobInstanceId());
        RunReportBuilder builder = new RunReportBuilder();
        RunReport report = builder.build(run.spec(), run.jobInstanceId(), run.jobExecutionId(), run.status(),
                run.startedAt(), query.plannedPartitions(run.jobInstanceId()), rows,
                query.missingPartitionKeys(run.jobInstanceId()), clock.instant())
                .withProvenance(query.provenance(run.jobInstanceId()));
        var baseline = query.previousCompletedRun(run.jobName(), run.spec(), run.jobInstanceId());
        if (baseline.isPresent()) {
            TrialResultQuery.Baseline b = baseline.get();
            RunReport before = builder.build(run.spec(), b.jobInstanceId(), b.jobExecutionId(), "COMPLETED",
                    b.startedAt(), query.plannedPartitions(b.jobInstanceId()),
                    query.latestPerPartition(b.jobInstanceId()), clock.instant())
                    .withProvenance(query.provenance(b.jobInstanceId()));
            report = report.withRegression(new RegressionAnalysis().compare(report, before, b.run()));
        }
        String summary = new SummaryMarkdown().render(report);
        store(run, "report.json", Json.prettyBytes(report), "application/json");
        store(run, "trials.csv", TrialsCsv.render(rows).getBytes(StandardCharsets.UTF_8), "text/csv; charset=utf-8");
        store(run, "report.html", new HtmlReport().render(report, rows, run.run()).getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8");
        String location = store(run, "summary.md", summary.getBytes(StandardCharsets.UTF_8),
                "text/markdown; charset=utf-8");
        return new Written(report, summary, location.substring(0, location.lastIndexOf('/') + 1));
    }

    private String store(Run run, String name, byte[] content, String contentType) {
        return artifacts.storeFile(content, ArtifactStore.reportPath(run.jobExecutionId(), name), contentType)
                .toString();
    }
}
