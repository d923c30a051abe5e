package io.benchfleet.worker.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.integration.SqsMessageDrivenChannelAdapter;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.benchfleet.worker.config.SqsClientConfiguration;
import io.benchfleet.worker.config.SqsProperties;
import io.benchfleet.worker.config.WorkerProperties;
import io.benchfleet.worker.host.DiskGuard;
import io.benchfleet.worker.host.HostStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * This process's SQS consumers: one Spring Integration flow per consumer, from a {@link SqsMessageDrivenChannelAdapter}
 * with {@code slots} concurrent messages at most (so a consumer receives a message only when it has a free slot: no
 * prefetch hoarding; one receive asks for all free slots, {@link FreeSlotPolling}) to the {@link PartitionIntake},
 * which runs the partition on the listener thread. The flows are registered with Spring Integration's
 * {@link IntegrationFlowContext}, which owns their lifecycle; this class decides when they start (the queue URL is resolved first, so a missing queue stops the worker with one line) and how they
 * stop (the intake closes before the adapters). A message is acknowledged (deleted) only when the handler returns,
 * i.e. after the step's final state is committed; a handler exception leaves it to be redelivered and, after the
 * queue's receive limit, to go to the dead-letter queue.
 */
public class WorkerConsumers implements SmartLifecycle {

    /** How often a drain waiting for its running trials re-reads its deadline. */
    static final Duration DEADLINE_CHECK = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(WorkerConsumers.class);

    /** How long a finished partition's delete may wait for others to share its request. */
    static final Duration ACKNOWLEDGEMENT_INTERVAL = Duration.ofMillis(500);

    private final SqsAsyncClient sqs;
    private final SqsProperties sqsProperties;
    private final WorkerProperties properties;
    private final PartitionRequestHandler handler;
    private final IntegrationFlowContext flows;
    private final List<IntegrationFlowRegistration> consumers = new ArrayList<>();
    private volatile DiskGuard disk;
    private volatile HostStatus hostStatus;
    private volatile PartitionIntake intake;
    private volatile boolean running;

    public WorkerConsumers(SqsAsyncClient sqs, SqsProperties sqsProperties, WorkerProperties properties,
            PartitionRequestHandler handler, IntegrationFlowContext flows) {
        this.sqs = sqs;
        this.sqsProperties = sqsProperties;
        this.properties = properties;
        this.handler = handler;
        this.flows = flows;
    }

    /** The host's disk guard (admission) and status (told when the consumers start); set before {@link #start()}. */
    public void guardedBy(DiskGuard disk, HostStatus hostStatus) {
        this.disk = disk;
        this.hostStatus = hostStatus;
    }

    @Override
    public synchronized void start() {
        String queueUrl = SqsClientConfiguration.queueUrl(sqs, sqsProperties);
        PartitionIntake intake = new PartitionIntake(handler, disk);
        this.intake = intake;
        SqsContainerOptions options = SqsContainerOptions.builder()
                .maxConcurrentMessages(properties.slots())
                // one receive at a time, for the slots free when it goes out, sent as soon as one is free
                .maxMessagesPerPoll(FreeSlotPolling.perReceive(properties.slots()))
                .backPressureHandlerFactory(FreeSlotPolling.forSlots(properties.slots()))
                .pollTimeout(properties.pollTimeout())
                .maxDelayBetweenPolls(properties.pollTimeout())
                .listenerShutdownTimeout(properties.gracePeriod().plus(properties.pollTimeout()))
                .acknowledgementShutdownTimeout(Duration.ofSeconds(5))
                // deletes go out in batches (up to ten, or what finished within the interval): one request instead
                // of one per partition, each still sent only after its step's final state is committed
                .acknowledgementInterval(ACKNOWLEDGEMENT_INTERVAL)
                .acknowledgementThreshold(10)
                .build();
        for (int i = 0; i < properties.consumers(); i++) {
            String workerId = properties.host() + "/c" + i;
            SqsMessageDrivenChannelAdapter adapter = new SqsMessageDrivenChannelAdapter(sqs, queueUrl);
            adapter.setSqsContainerOptions(options);
            IntegrationFlow flow = IntegrationFlow.from(adapter)
                    .handle(message -> intake.accept(message, workerId))
                    .get();
            consumers.add(flows.registration(flow).id("sqsConsumer-" + i).register());
        }
        running = true;
        log.info("{} consumer(s) with {} slot(s) each taking partitions from {}", properties.consumers(),
                properties.slots(), queueUrl);
        if (hostStatus != null) {
            hostStatus.consumersStarted();
        }
    }

    /**
     * Graceful stop (SIGTERM, spot interruption notice): stop taking messages, let running trials finish within the
     * grace period ({@code benchfleet.worker.grace-period}); a trial still running after it is interrupted, recorded
     * as an INFRA failure and retried on another host, and its unacknowledged message becomes visible again.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        List<String> runningTrials = intake.close();
        log.info("stopping: taking no more partitions; {} running {}; waiting up to {} for them", runningTrials.size(),
                runningTrials, properties.gracePeriod());
        // each adapter waits up to the grace period for its running trials; they stop side by side
        consumers.parallelStream().forEach(IntegrationFlowRegistration::destroy);
        consumers.clear();
        running = false;
    }

    /**
     * Drains this host (lifecycle hook, spot notice): takes no more messages at once (a message a poll still hands
     * over is released to the queue, visible again), waits up to {@code grace} for the running trials, interrupts
     * those still running so they end as INFRA failures that the manager runs again on another host (their messages
     * stay unacknowledged and come back too), then stops the consumers. Returns the partitions interrupted.
     */
    public List<String> drain(Duration grace) throws InterruptedException {
        return drain(new DrainDeadline(Clock.systemUTC(), grace));
    }

    /**
     * {@link #drain(Duration)} up to a deadline that a later notice may bring forward while this waits (checked
     * every {@link #DEADLINE_CHECK}).
     */
    public List<String> drain(DrainDeadline deadline) throws InterruptedException {
        Duration grace = deadline.remaining();
        PartitionIntake current;
        synchronized (this) {
            if (!running) {
                return List.of();
            }
            current = intake;
        }
        List<String> runningTrials = current.close();
        log.info("draining: taking no more partitions; {} running {}; waiting up to {} for them", runningTrials.size(),
                runningTrials, grace);
        // Stop polling at once: a draining host that kept polling would receive and release the same messages
        // over and over, spending their receive count until they reach the dead-letter queue. Each container stops
        // its poller first and then waits for its running trials (and acknowledges them) in the background.
        List<IntegrationFlowRegistration> stopping;
        synchronized (this) {
            stopping = List.copyOf(consumers);
            consumers.clear();
            running = false;
        }
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                () -> stopping.parallelStream().forEach(IntegrationFlowRegistration::destroy));
        List<String> interrupted = idleBy(current, deadline) ? List.of() : current.interruptRunning();
        if (!interrupted.isEmpty()) {
            log.warn("draining: grace over; interrupted {} - they end as INFRA failures and run on another host",
                    interrupted);
        }
        stopped.join();
        return interrupted;
    }

    private static boolean idleBy(PartitionIntake intake, DrainDeadline deadline) throws InterruptedException {
        Duration left;
        while (!(left = deadline.remaining()).isZero()) {
            if (intake.awaitIdle(left.compareTo(DEADLINE_CHECK) < 0 ? left : DEADLINE_CHECK)) {
                return true;
            }
        }
        return intake.awaitIdle(Duration.ZERO);
    }

    /** Slots running a trial now. */
    public int busySlots() {
        PartitionIntake current = intake;
        return current == null ? 0 : current.running();
    }

    /** Slots this process offers: consumers x slots per consumer. */
    public int slots() {
        return properties.consumers() * properties.slots();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Consumers start last and stop first, around the repository and SQS client they use. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
