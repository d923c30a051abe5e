package io.benchfleet.worker.queue;

import io.benchfleet.worker.docker.HarborDockerExecutor;
import io.benchfleet.worker.trial.TrialExecutor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The worker's part of {@code /actuator/health}: whether its consumers are taking partitions, how many trials run,
 * and, with the docker executor, whether Docker answers and the pre-pulled images are present (DOWN with the reason
 * until they are, so a load balancer or the operator sees a host that cannot run trials).
 */
public class WorkerHealthIndicator implements HealthIndicator {

    private final WorkerConsumers consumers;
    private final PartitionHeartbeat heartbeat;
    private final TrialExecutor executor;

    public WorkerHealthIndicator(WorkerConsumers consumers, PartitionHeartbeat heartbeat, TrialExecutor executor) {
        this.consumers = consumers;
        this.heartbeat = heartbeat;
        this.executor = executor;
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
        return health.withDetail("executor", executor.getClass().getSimpleName())
                .withDetail("runningTrials", heartbeat.running())
                .build();
    }
}
