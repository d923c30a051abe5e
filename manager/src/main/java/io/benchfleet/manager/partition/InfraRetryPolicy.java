package io.benchfleet.manager.partition;

import java.time.Duration;

/**
 * How often an INFRA-failed partition is re-sent as a new attempt, and after which delay: the first retry after
 * {@code firstBackoff}, each further one after twice the previous, never more than SQS's longest message delay.
 *
 * @param maxRetries   attempts after the first ({@code benchfleet.manager.infra-retries})
 * @param firstBackoff delay of the first retry ({@code benchfleet.manager.retry-backoff})
 */
public record InfraRetryPolicy(int maxRetries, Duration firstBackoff) {

    /** SQS delays a message by at most 15 minutes. */
    static final int MAX_DELAY_SECONDS = 900;

    /** The delay of retry number {@code retryNumber} (1 = the first retry), in whole seconds. */
    public int delaySeconds(int retryNumber) {
        long seconds = firstBackoff.toSeconds() << Math.min(10, Math.max(0, retryNumber - 1));
        return (int) Math.min(MAX_DELAY_SECONDS, seconds);
    }
}
