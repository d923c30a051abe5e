package io.benchfleet.worker.result;

/**
 * A recorded trial whose directory is still on this worker's disk because the artifact store failed.
 *
 * @param stepExecutionId its step execution (the local directory is {@code <jobs-dir>/se-<id>/<partition key>})
 * @param jobExecutionId  its job execution (the archive goes to {@code runs/<id>/<partition key>/})
 * @param partitionKey    the partition
 */
public record PendingArchive(long stepExecutionId, long jobExecutionId, String partitionKey) {
}
