package io.benchfleet.manager.partition;

/**
 * A partition whose latest attempt failed with INFRA and that has retries left.
 *
 * @param stepExecutionId the failed attempt's step execution
 * @param attempts        how many attempts the partition has had so far (the retry to send is number {@code attempts})
 */
public record RetryCandidate(long stepExecutionId, int attempts) {
}
