package io.benchfleet.worker.trial;

import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Replaces a failed trial step's exit description (by default a whole stack trace) with the one-line reason, so
 * {@code status} and {@code failures} show what happened.
 */
public class TrialStepExitListener implements StepExecutionListener {

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        List<Throwable> failures = stepExecution.getFailureExceptions();
        if (stepExecution.getStatus() != BatchStatus.FAILED || failures.isEmpty()) {
            return stepExecution.getExitStatus();
        }
        Throwable root = failures.get(0);
        while (!(root instanceof TrialTasklet.TrialFailedException) && root.getCause() != null) {
            root = root.getCause();
        }
        String reason = root instanceof TrialTasklet.TrialFailedException
                ? root.getMessage()
                : root.getClass().getSimpleName() + ": " + TrialTasklet.oneLine(root.getMessage());
        return new ExitStatus(ExitStatus.FAILED.getExitCode(), reason);
    }
}
