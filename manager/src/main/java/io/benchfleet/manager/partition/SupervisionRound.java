package io.benchfleet.manager.partition;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.PartitionProgressQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;

/**
 * One polling round of a run's supervision, called by Spring Batch's {@code DirectPoller} once per interval: beat the
 * manager's heartbeat, sweep the dead-letter queue, withdraw the queued partitions when the run is being stopped
 * (or a CONFIG failure makes retrying pointless), re-send INFRA failures and orphans, then count the partitions in
 * one aggregate query. Returns the progress once every partition has finished, null to be called again.
 */
final class SupervisionRound implements Callable<PartitionProgress> {

    private static final Logger log = LoggerFactory.getLogger(SupervisionRound.class);

    private final StepExecution managerStep;
    private final long jobExecutionId;
    private final PartitionBook book;
    private final PartitionSupervisor supervisor;
    private final DeadLetterSweeper deadLetters;
    private final PartitionProgressQuery progress;
    private final PartitionResends resends;
    private final PartitionProgressListener listener;
    private final RepositoryOutage outage;
    private boolean withdrawn;

    SupervisionRound(StepExecution managerStep, PartitionBook book, PartitionSupervisor supervisor,
            DeadLetterSweeper deadLetters, PartitionProgressQuery progress, PartitionResends resends,
            PartitionProgressListener listener, RepositoryOutage outage) {
        this.managerStep = managerStep;
        this.jobExecutionId = managerStep.getJobExecutionId();
        this.book = book;
        this.supervisor = supervisor;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.resends = resends;
        this.listener = listener;
        this.outage = outage;
    }

    @Override
    public PartitionProgress call() throws InterruptedException {
        try {
            PartitionProgress current = round();
            outage.over();
            return current.allFinished() && (withdrawn || !resends.retriesDue(jobExecutionId)) ? current : null;
        } catch (DataAccessException e) {
            outage.tolerate(e);
            return null;
        }
    }

    private PartitionProgress round() throws InterruptedException {
        supervisor.heartbeat(jobExecutionId);
        if (deadLetters != null) {
            deadLetters.sweep(jobExecutionId);
        }
        if (!withdrawn) {
            withdrawIfStopping();
        }
        if (!withdrawn) {
            resends.retryInfraFailures(managerStep, book);
            resends.resendOrphans(jobExecutionId);
        }
        PartitionProgress current = progress.forJobExecution(jobExecutionId);
        try {
            listener.onProgress(managerStep, current);
        } catch (RuntimeException e) {
            log.warn("progress listener failed: {}", e.getMessage(), e);
        }
        return current;
    }

    /** A stop request or a CONFIG failure: queued partitions are withdrawn, running ones are waited for. */
    private void withdrawIfStopping() {
        String configFailure = supervisor.configFailure(jobExecutionId);
        if (configFailure == null && !supervisor.stopRequested(jobExecutionId)) {
            return;
        }
        String reason = configFailure != null ? "withdrawn: the run stops on a CONFIG failure (" + configFailure + ")"
                : "withdrawn: the run was stopped";
        int n = supervisor.withdrawQueued(jobExecutionId, reason);
        log.warn("{}; {} queued partitions withdrawn, waiting for running ones", reason, n);
        withdrawn = true;
    }

    /** The partition timeout expired: queued partitions are withdrawn; the rest counts as unfinished. */
    void giveUp(Duration timeout) {
        int n = supervisor.withdrawQueued(jobExecutionId, "withdrawn: benchfleet.manager.partition-timeout "
                + timeout + " expired");
        PartitionProgress current = progress.forJobExecution(jobExecutionId);
        log.warn("gave up waiting after {}: {} of {} partitions unfinished ({} queued ones withdrawn)", timeout,
                current.total() - current.finished(), current.total(), n);
    }
}
