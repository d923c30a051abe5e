package io.benchfleet.worker.docker;

/** Labels on every container benchfleet starts; orphan clean-up selects on {@link #WORKER}. */
public final class BenchfleetLabels {

    public static final String JOB_EXECUTION = "benchfleet.job-execution";
    public static final String STEP_EXECUTION = "benchfleet.step-execution";
    public static final String PARTITION = "benchfleet.partition";
    public static final String WORKER = "benchfleet.worker";

    private BenchfleetLabels() {
    }
}
