package io.benchfleet.manager.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import io.benchfleet.manager.job.RunParameters;
import io.benchfleet.worker.artifact.ArtifactStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report step: reads the run's trial results and writes {@code report.json} and {@code summary.md} to the
 * artifact store under {@code reports/<jobExecutionId>/}. Runs after complete and after failed partition steps, so
 * a partial run still gets a report naming what is missing.
 */
public class ReportTasklet implements Tasklet {

    /** Job execution context entries the command line prints after a run. */
    public static final String SUMMARY = "benchfleet.summary";
    public static final String REPORT_LOCATION = "benchfleet.reportLocation";

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final TrialResultQuery query;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public ReportTasklet(TrialResultQuery query, ArtifactStore artifacts, Clock clock) {
        this.query = query;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = contribution.getStepExecution().getJobExecution();
        long instanceId = job.getJobInstance().getInstanceId();
        List<TrialRow> rows = query.latestPerPartition(instanceId);
        String partitionStatus = job.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("partitionStep"))
                .map(s -> s.getStatus().name()).findFirst().orElse("UNKNOWN");
        RunReport report = new RunReportBuilder().build(job.getJobParameters().getString(RunParameters.SPEC),
                instanceId, job.getId(), partitionStatus,
                job.getStartTime() == null ? null : job.getStartTime().atZone(ZoneId.systemDefault()).toInstant(),
                query.plannedPartitions(instanceId), rows, clock.instant());
        String summary = new SummaryMarkdown().render(report);
        artifacts.storeFile(JSON.writeValueAsBytes(report), ArtifactStore.reportPath(job.getId(), "report.json"),
                "application/json");
        var location = artifacts.storeFile(summary.getBytes(StandardCharsets.UTF_8),
                ArtifactStore.reportPath(job.getId(), "summary.md"), "text/markdown");
        String dir = location.toString().substring(0, location.toString().lastIndexOf('/') + 1);
        job.getExecutionContext().putString(SUMMARY, summary);
        job.getExecutionContext().putString(REPORT_LOCATION, dir);
        contribution.incrementWriteCount(2);
        return RepeatStatus.FINISHED;
    }
}
