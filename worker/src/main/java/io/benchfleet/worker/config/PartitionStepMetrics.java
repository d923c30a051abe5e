package io.benchfleet.worker.config;

import io.benchfleet.jobdefs.plan.TrialStep;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Spring Batch's step metrics ({@code spring.batch.step}, {@code spring.batch.step.active}) with every partition under
 * the worker step's one name. Spring Batch tags them with the step execution's name, which for a partition is
 * {@code trial:<partition key>}: without this every partition a worker ran would register two meters of its own for
 * the life of the process (a time series per trial in Prometheus, and their creation was 3% of a partition thread's
 * time in a local run's profile). The partition key stays in the job repository and the trial_result row.
 */
public final class PartitionStepMetrics {

    /** The tag Spring Batch puts a step execution's name in. */
    static final String STEP_NAME_TAG = "spring.batch.step.name";

    private PartitionStepMetrics() {
    }

    /** The filter Spring Boot applies to every meter registry of the process. */
    public static MeterFilter oneSeriesForAllPartitions() {
        return MeterFilter.replaceTagValues(STEP_NAME_TAG,
                name -> name.startsWith(TrialStep.PARTITION_PREFIX) ? TrialStep.NAME : name);
    }
}
