package io.benchfleet.manager.partition;

import io.benchfleet.manager.run.PartitionProgress;
import org.springframework.batch.core.step.StepExecution;

/**
 * Told the partition progress of a run once per polling interval of {@link RepositoryPollingPartitionHandler} (the
 * fleet scaler lowers the fleet as the backlog drains). Must be quick; an exception is logged and ignored.
 */
@FunctionalInterface
public interface PartitionProgressListener {

    void onProgress(StepExecution managerStep, PartitionProgress progress);
}
