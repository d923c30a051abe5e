package io.benchfleet.worker.queue;

import io.benchfleet.worker.docker.HarborDockerExecutor;
import io.benchfleet.worker.host.HostStatus;
import io.benchfleet.worker.trial.TrialExecutor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The worker's part of {@code /actuator/health}: whether its consumers are taking partitions, how many trials run,
 * and, with the docker executor, whether Docker answers and the pre-pulled images are present (DOWN with the reason
 * until they are, so a load balancer or the operator sees a host that cannot run trials). A host short of disk space
 * is OUT_OF_SERVICE with {@code draining: disk} and the space it found; trial directories it could not delete are
 * counted ({@code trialDirsNotRemoved}).
 */
public class WorkerHealthIndicator implements HealthIndicator {

    private final WorkerConsumers consumers;
    private final PartitionHeartbeat heartbeat;
    private final TrialExecutor executor;
    private final HostStatus host;

    public WorkerHealthIndicator(WorkerConsumers consumers, PartitionHeartbeat heartbeat, TrialExecutor executor) {
        this(consumers, heartbeat, executor, null);
    }

    /** @param host the host's status (disk, clean-up), or null */
    public WorkerHealthIndicator(WorkerConsumers consumers, PartitionHeartbeat heartbeat, TrialExecutor executor,
            HostStatus host) {
        this.consumers = consumers;
        this.heartbeat = heartbeat;
        this.executor = executor;
        this.host = host;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        if (executor instanceof HarborDockerExecutor docker && !docker.readiness().ready()) {
            health = Health.down().withDetail("docker", docker.readiness().reason());
        } else if (executor instanceof HarborDockerExecutor) {
            health.withDetail("docker", "ready");
        }
        if (!consumers.isRunning()) {
            health = Health.outOfService().withDetail("consumers", "stopped (not taking partitions)");
        }
        if (host != null) {
            HostStatus.State state = host.current();
            if (state.drainingReasons().contains(HostStatus.DISK)) {
                health = Health.outOfService().withDetail("draining", HostStatus.DISK);
            }
            health.withDetail("disk", state.disk().describe())
                    .withDetail("trialDirsNotRemoved", state.trialDirsNotRemoved());
            if (state.bootToReady() != null) {
                health.withDetail("bootToReadySeconds", state.bootToReady().seconds())
                        .withDetail("bootToReadyFrom", state.bootToReady().from());
            }
        }
        return health.withDetail("executor", executor.getClass().getSimpleName())
                .withDetail("executorName", executor.name())
                .withDetail("runningTrials", heartbeat.running())
                .build();
    }
}
