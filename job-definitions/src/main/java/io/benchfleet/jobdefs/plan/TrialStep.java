package io.benchfleet.jobdefs.plan;

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
