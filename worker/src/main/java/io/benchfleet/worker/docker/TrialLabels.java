package io.benchfleet.worker.docker;

import java.nio.file.Path;

import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;

/**
 * The job and step execution a trial belongs to, for container labels and names.
 *
 * @param jobExecutionId  null when unknown
 * @param stepExecutionId null when unknown
 */
public record TrialLabels(Long jobExecutionId, Long stepExecutionId) {

    /**
     * From the running step (the trial tasklet runs inside one), else the step execution id from the jobs directory
     * name ({@code .../se-<stepExecutionId>}).
     */
    public static TrialLabels current(Path jobsDir) {
        StepContext context = StepSynchronizationManager.getContext();
        if (context != null && context.getStepExecution() != null) {
            return new TrialLabels(context.getStepExecution().getJobExecutionId(), context.getStepExecution().getId());
        }
        String name = jobsDir.getFileName() == null ? "" : jobsDir.getFileName().toString();
        Long step = null;
        if (name.startsWith("se-")) {
            try {
                step = Long.parseLong(name.substring(3));
            } catch (NumberFormatException e) {
                step = null;
            }
        }
        return new TrialLabels(null, step);
    }

    String job() {
        return jobExecutionId == null ? "unknown" : jobExecutionId.toString();
    }

    String step() {
        return stepExecutionId == null ? "unknown" : stepExecutionId.toString();
    }
}
