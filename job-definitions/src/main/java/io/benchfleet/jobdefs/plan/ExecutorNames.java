package io.benchfleet.jobdefs.plan;

import java.util.List;

/**
 * The names of the trial executors, as configured ({@code benchfleet.worker.executor}, {@code --executor}) and as
 * recorded with every trial ({@code trial_result.executor}).
 */
public final class ExecutorNames {

    /** Harbor in Docker on the worker host (a worker's default). */
    public static final String DOCKER = "docker";
    /** Harbor as a local process. */
    public static final String PROCESS = "process";
    /** Invented results in Harbor's formats, accepted only by a rehearsal. */
    public static final String SIMULATED = "simulated";
    /** Every executor, in the order help texts name them. */
    public static final List<String> ALL = List.of(SIMULATED, DOCKER, PROCESS);

    private ExecutorNames() {
    }
}
