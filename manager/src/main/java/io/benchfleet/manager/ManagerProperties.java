package io.benchfleet.manager;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.manager.*}.
 *
 * @param pollInterval     how often the manager checks partition completion (one aggregate query each time)
 * @param partitionTimeout give up waiting for partitions after this long (null: wait until they finish)
 * @param sendersInFlight  SQS send batches (of ten requests) in flight at once while dispatching
 */
@ConfigurationProperties("benchfleet.manager")
public record ManagerProperties(Duration pollInterval, Duration partitionTimeout, Integer sendersInFlight) {

    public ManagerProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        sendersInFlight = sendersInFlight == null ? 8 : sendersInFlight;
    }
}
