package io.benchfleet.manager.partition;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.benchfleet.manager.run.ManagerFencedException;
import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.PartitionProgressQuery;
import io.benchfleet.manager.run.RunFence;
import io.benchfleet.manager.run.RunLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;

/**
 * One polling round of a run's supervision, called by Spring Batch's {@code DirectPoller} once per interval: check
 * that this manager still holds the run, sweep the dead-letter queue, withdraw the queued partitions when the run is
 * being stopped (or a CONFIG failure makes retrying pointless, or this process is shutting down), re-send INFRA
 * failures and orphans, count the partitions in one aggregate query and release held partitions as the run's share
 * allows ({@link PartitionRelease}). Returns the progress once every partition
 * has finished (or, when this process is shutting down, once nothing is queued any more), null to be called again.
 * Every write carries the manager's {@link RunFence}; a manager that finds the run taken over throws
 * {@link ManagerFencedException} and stops.
 */
final class SupervisionRound implements Callable<PartitionProgress> {

    private static final Logger log = LoggerFactory.getLogger(SupervisionRound.class);

    private final StepExecution managerStep;
    private final RunFence fence;
    private final long jobExecutionId;
    private final PartitionBook book;
    private final PartitionRelease release;
    private final PartitionDispatcher dispatcher;
    private final PartitionSupervisor supervisor;
    private final DeadLetterSweeper deadLetters;
    private final PartitionProgressQuery progress;
    private final PartitionResends resends;
    private final PartitionProgressListener listener;
    private final RepositoryOutage outage;
    private final RunLease lease;
    private final ManagerShutdown shutdown;
    private boolean withdrawn;
    private boolean leftRunning;

    SupervisionRound(StepExecution managerStep, RunFence fence, PartitionBook book, PartitionRelease release,
            PartitionDispatcher dispatcher, PartitionSupervisor supervisor, DeadLetterSweeper deadLetters, PartitionProgressQuery progress, PartitionResends resends,
            PartitionProgressListener listener, RepositoryOutage outage, RunLease lease, ManagerShutdown shutdown) {
        this.managerStep = managerStep;
        this.fence = fence;
        this.jobExecutionId = managerStep.getJobExecutionId();
        this.book = book;
        this.release = release;
        this.dispatcher = dispatcher;
        this.supervisor = supervisor;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.resends = resends;
        this.listener = listener;
        this.outage = outage;
        this.lease = lease;
        this.shutdown = shutdown;
    }

    @Override
    public PartitionProgress call() throws InterruptedException {
        try {
            PartitionProgress current = round();
            outage.over();
            if (leftRunning) {
                return current;
            }
            return current.allFinished() && (withdrawn || !resends.retriesDue(jobExecutionId)) ? current : null;
        } catch (DataAccessException e) {
            outage.tolerate(e);
            return null;
        }
    }

    private PartitionProgress round() throws InterruptedException {
        lease.require(fence);
        if (deadLetters != null) {
            deadLetters.sweep(fence);
        }
        if (shutdown.requested() && !leftRunning) {
            leaveRunning();
        }
        if (!withdrawn) {
            withdrawIfStopping();
        }
        if (!withdrawn) {
            resends.retryInfraFailures(managerStep, fence, book);
            resends.resendOrphans(fence);
        }
        PartitionProgress current = progress.forJobExecution(jobExecutionId);
        if (!withdrawn) {
            release(current);
        }
        try {
            listener.onProgress(managerStep, current);
        } catch (RuntimeException e) {
            log.warn("progress listener failed: {}", e.getMessage(), e);
        }
        return current;
    }

    /**
     * Sends the held partitions the run's share allows now. A send that fails after the dispatcher's own retries (SQS
     * throttled or unreachable for a while) costs the run nothing: they are held again and go out first next round
     * (a batch of them that did arrive is then queued twice, which is harmless: a worker runs a partition only after
     * claiming it).
     */
    private void release(PartitionProgress current) throws InterruptedException {
        List<StepExecution> due = release.due(current);
        try {
            dispatcher.dispatch(due);
        } catch (IllegalStateException e) {
            release.unsent(due);
            log.warn("{} held partitions not released this round, sent again next round: {}", due.size(),
                    e.getMessage());
        }
    }

    /** A stop request or a CONFIG failure: queued partitions are withdrawn, running ones are waited for. */
    private void withdrawIfStopping() {
        String configFailure = supervisor.configFailure(jobExecutionId);
        if (configFailure == null && !supervisor.stopRequested(jobExecutionId)) {
            return;
        }
        String reason = configFailure != null ? "withdrawn: the run stops on a CONFIG failure (" + configFailure + ")"
                : "withdrawn: the run was stopped";
        release.withdraw();
        int n = supervisor.withdrawQueued(fence, reason);
        log.warn("{}; {} queued partitions withdrawn, waiting for running ones", reason, n);
        withdrawn = true;
    }

    /**
     * This process is shutting down (SIGTERM, Ctrl-C): queued partitions are withdrawn and the running ones are left
     * to finish on their workers, which record their results; the manager stops waiting, so the run ends STOPPED and
     * {@code restart} continues it once they are done.
     */
    private void leaveRunning() {
        release.withdraw();
        int n = supervisor.withdrawQueued(fence, "withdrawn: " + shutdown.reason());
        PartitionProgress current = progress.forJobExecution(jobExecutionId);
        shutdown.stopped(jobExecutionId, n, current.running());
        withdrawn = true;
        leftRunning = true;
    }

    /** Whether the round ended because this process is shutting down, with partitions still running. */
    boolean leftRunning() {
        return leftRunning;
    }

    /** The partition timeout expired: queued partitions are withdrawn; the rest counts as unfinished. */
    void giveUp(Duration timeout) {
        release.withdraw();
        int n = supervisor.withdrawQueued(fence, "withdrawn: benchfleet.manager.partition-timeout "
                + timeout + " expired");
        PartitionProgress current = progress.forJobExecution(jobExecutionId);
        log.warn("gave up waiting after {}: {} of {} partitions unfinished ({} queued ones withdrawn)", timeout,
                current.total() - current.finished(), current.total(), n);
    }
}
