package io.benchfleet.jobdefs.plan;

import java.util.Map;

/**
 * The worker step every partition runs, named once for manager and worker: the manager creates one step execution
 * per partition named {@code trial:<partition key>} and sends requests for step {@value #NAME}; the worker runs
 * them with its step of that name.
 */
public final class TrialStep {

    /** The remote worker step's name. */
    public static final String NAME = "trial";
    /** Prefix of every partition step execution's name. */
    public static final String PARTITION_PREFIX = NAME + ":";

    /**
     * What Spring Batch writes into a trial step's context when the step starts on a worker running Spring Batch
     * {@code springBatchVersion}: the version, and the types of its {@code TaskletStep} and of the worker's tasklet,
     * {@code TrialTasklet}. A partition's context carries these from its creation (the manager, on the same Spring
     * Batch), so the worker's step finds them already there, its context stays unchanged and the write Spring Batch
     * would send for them is left out ({@code ChangedStepWrites}): one transaction less per partition. Should a worker
     * run another Spring Batch, or name them otherwise, its step writes them as before ({@code TrialStepContextTest}
     * in the worker checks that they match).
     */
    public static Map<String, String> startedContext(String springBatchVersion) {
        return Map.of("batch.version", springBatchVersion,
                "batch.taskletType", "io.benchfleet.worker.trial.TrialTasklet",
                "batch.stepType", "org.springframework.batch.core.step.tasklet.TaskletStep");
    }

    private TrialStep() {
    }

    /** {@code trial:<partitionKey>}. */
    public static String partitionStepName(String partitionKey) {
        return PARTITION_PREFIX + partitionKey;
    }

    /** The partition key of a partition step execution's name ({@code trial:fix-git__a01} → {@code fix-git__a01}). */
    public static String partitionKey(String stepName) {
        return stepName.startsWith(PARTITION_PREFIX) ? stepName.substring(PARTITION_PREFIX.length()) : stepName;
    }
}
