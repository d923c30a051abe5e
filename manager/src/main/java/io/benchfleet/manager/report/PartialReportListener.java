package io.benchfleet.manager.report;

import io.benchfleet.manager.run.RunLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Writes the report of a run whose partition step did not complete (failed or stopped partitions), marked partial.
 * It is a listener of the partition step rather than a flow transition to a report step: Spring Batch marks a failed
 * step that a flow transitions away from ABANDONED, which would make the run's failed partitions unrestartable.
 */
public class PartialReportListener implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(PartialReportListener.class);

    private final RunLease lease;
    private final ReportGenerator generator;

    /** @param lease tells whether another manager took the run over (then this one writes nothing for it) */
    public PartialReportListener(RunLease lease, ReportGenerator generator) {
        this.lease = lease;
        this.generator = generator;
    }

    @Override
    public ExitStatus afterStep(StepExecution partitionStep) {
        if (partitionStep.getStatus() == BatchStatus.COMPLETED || lease.fenced(partitionStep.getJobExecutionId())) {
            return null;
        }
        JobExecution job = partitionStep.getJobExecution();
        try {
            ReportTasklet.record(job, generator.generate(ReportTasklet.run(job)));
        } catch (RuntimeException e) {
            log.error("could not write the partial report of job execution {}: {}", job.getId(), e.getMessage(), e);
        }
        return null;
    }
}
