package io.benchfleet.manager.run;

/**
 * A manager's hold on a run: the epoch it took the run at. A write for the run made under this fence adds
 * {@link #HELD} to its WHERE clause (with {@link #jobInstanceId()} and {@link #epoch()} as its parameters) and so
 * changes nothing once another manager took the run over.
 */
public record RunFence(long jobInstanceId, long jobExecutionId, long epoch) {

    /** SQL condition: the run is still held at this epoch. Parameters: job instance id, epoch. */
    public static final String HELD = "EXISTS (SELECT 1 FROM run_lease WHERE job_instance_id = ? AND epoch = ?)";
}
