package io.benchfleet.manager.export;

/**
 * The latest result of one partition, as the export reads it from {@code trial_result}.
 *
 * @param trialName    the Harbor trial the result was read from (its directory in the archive), null when none
 * @param artifactUri  the archived Harbor job directory of the partition, null when not archived
 * @param archiveState NONE, PENDING, ARCHIVED or LOST
 * @param executor     simulated, docker or process; null for rows from before it was recorded
 * @param configuration the matrix configuration the trial belongs to; null for a spec of one agent and model
 */
public record ExportRow(String partitionKey, String task, int attempt, String trialName, String artifactUri,
        String archiveState, String executor, String failureClass, String host, String configuration) {
}
