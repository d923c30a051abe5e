package io.benchfleet.manager.partition;

import java.time.Duration;

import io.benchfleet.manager.ManagerProperties;

/**
 * How the manager supervises a run's partitions, from {@code benchfleet.manager.*} and the workers' lease.
 *
 * @param pollInterval          one supervision round per interval ({@code poll-interval})
 * @param partitionTimeout      stop waiting for partitions after this long, null: wait until they finish
 * @param retries               INFRA retries and their backoff
 * @param workerLease           a running partition whose heartbeat is older has lost its worker
 *                              ({@code benchfleet.worker.lease})
 * @param repositoryOutageLimit how long the job repository may stay unreachable before the manager step gives up
 *                              ({@code repository-outage-limit})
 */
public record SupervisionSettings(Duration pollInterval, Duration partitionTimeout, InfraRetryPolicy retries,
        Duration workerLease, Duration repositoryOutageLimit) {

    public static SupervisionSettings of(ManagerProperties manager, Duration workerLease) {
        return new SupervisionSettings(manager.pollInterval(), manager.partitionTimeout(),
                new InfraRetryPolicy(manager.infraRetries(), manager.retryBackoff()), workerLease,
                manager.repositoryOutageLimit());
    }
}
