package io.benchfleet.manager.report;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.manager.report.notify.RunNotice;
import io.benchfleet.manager.run.RunContextKeys;
import java.time.ZoneId;

import io.benchfleet.manager.run.RunParameters;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The report step: reads the run's trial results and writes {@code report.html}, {@code report.json},
 * {@code trials.csv} and {@code summary.md} to the artifact store under {@code reports/<jobExecutionId>/} (see
 * {@link ReportGenerator}). Runs after complete and after failed partition steps, so a partial run still gets a
 * report naming what is missing.
 */
public class ReportTasklet implements Tasklet {

    /** Job execution context entries the command line prints after a run. */

    private final ReportGenerator generator;

    public ReportTasklet(ReportGenerator generator) {
        this.generator = generator;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = contribution.getStepExecution().getJobExecution();
        record(job, generator.generate(run(job)));
        contribution.incrementWriteCount(ReportGenerator.FILES.size());
        return RepeatStatus.FINISHED;
    }

    /**
     * Keeps what the command line prints and what the end-of-run notice says in the job execution context: the
     * summary, the report's location and the notice.
     */
    static void record(JobExecution job, ReportGenerator.Written written) {
        job.getExecutionContext().putString(RunContextKeys.SUMMARY, written.summary());
        job.getExecutionContext().putString(RunContextKeys.REPORT_LOCATION, written.location());
        job.getExecutionContext().putString(RunContextKeys.NOTICE, Json.MAPPER.writeValueAsString(
                RunNotice.of(written.report(), run(job).run(), written.location())));
    }

    /** The run of a job execution, with the status of its partition step (the job itself is still running). */
    public static ReportGenerator.Run run(JobExecution job) {
        String partitionStatus = job.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("partitionStep"))
                .map(s -> s.getStatus().name()).findFirst().orElse(job.getStatus().name());
        String runId = job.getJobParameters().getString(RunParameters.RUN_ID);
        return new ReportGenerator.Run(job.getJobInstance().getJobName(),
                job.getJobParameters().getString(RunParameters.SPEC), runId != null ? runId
                        : job.getJobParameters().getString(RunParameters.RUN_DATE),
                job.getJobInstance().getInstanceId(), job.getId(), partitionStatus,
                job.getStartTime() == null ? null : job.getStartTime().atZone(ZoneId.systemDefault()).toInstant());
    }
}
