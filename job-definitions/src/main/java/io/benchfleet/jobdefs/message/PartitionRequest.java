package io.benchfleet.jobdefs.message;

/**
 * The SQS message body that asks a worker to run one partition: Spring Batch's {@code StepExecutionRequest}
 * fields ({@code stepName}, {@code jobExecutionId}, {@code stepExecutionId}) plus the partition key for logs and
 * dead-letter triage.
 */
public record PartitionRequest(String stepName, long jobExecutionId, long stepExecutionId, String partitionKey) {
}
