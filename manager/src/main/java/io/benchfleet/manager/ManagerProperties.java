package io.benchfleet.manager;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.manager.*}.
 *
 * @param pollInterval     how often the manager checks partition completion (one aggregate query each time)
 * @param partitionTimeout give up waiting for partitions after this long (null: wait until they finish)
 * @param sendersInFlight  SQS send batches (of ten requests) in flight at once while dispatching
 * @param infraRetries     automatic retries of a partition that failed with INFRA (new attempt, any host)
 * @param retryBackoff     delay before the first retry; doubles per retry, at most 15 minutes (SQS delay)
 * @param deadLetterQueue  DLQ name or URL to sweep (default: the queue's name + "-dlq"); "none" disables
 * @param managerLease     a running job execution whose manager heartbeat is older than this has no manager
 * @param stopTimeout      on SIGTERM / Ctrl-C, how long the process waits for its runs to end STOPPED
 * @param repositoryOutageLimit how long the job repository may stay unreachable before a run's manager step gives
 *                         up (the run fails, restartable)
 */
@ConfigurationProperties("benchfleet.manager")
public record ManagerProperties(Duration pollInterval, Duration partitionTimeout, Integer sendersInFlight,
        Integer infraRetries, Duration retryBackoff, String deadLetterQueue, Duration managerLease,
        Duration stopTimeout, Duration repositoryOutageLimit) {

    public ManagerProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        sendersInFlight = sendersInFlight == null ? 8 : sendersInFlight;
        infraRetries = infraRetries == null ? 2 : infraRetries;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(30) : retryBackoff;
        managerLease = managerLease == null ? Duration.ofSeconds(Math.max(30, pollInterval.toSeconds() * 10))
                : managerLease;
        stopTimeout = stopTimeout == null ? Duration.ofSeconds(60) : stopTimeout;
        repositoryOutageLimit = repositoryOutageLimit == null ? Duration.ofMinutes(5) : repositoryOutageLimit;
    }
}
