package io.benchfleet.manager.partition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.benchfleet.manager.run.RunFence;
import io.benchfleet.manager.run.RunLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What one run's supervision sends again: each INFRA failure with retries left, as a new attempt (a new step
 * execution of the same partition, any host) after its backoff; and the request of each partition whose worker died
 * mid-trial, at most once per worker lease.
 */
final class PartitionResends {

    private static final Logger log = LoggerFactory.getLogger(PartitionResends.class);

    private final PartitionDispatcher dispatcher;
    private final PartitionSupervisor supervisor;
    private final JobRepository jobRepository;
    private final InfraRetryPolicy policy;
    private final Duration workerLease;
    private final Clock clock;
    private final RunLease lease;
    private final TransactionTemplate transaction;
    private final PartitionStepRows rows;
    /** When each orphaned partition's request was last re-sent (step execution id → time). */
    private final Map<Long, Instant> orphansResent = new HashMap<>();

    PartitionResends(PartitionDispatcher dispatcher, PartitionSupervisor supervisor, JobRepository jobRepository,
            InfraRetryPolicy policy, Duration workerLease, Clock clock, RunLease lease,
            TransactionTemplate transaction, PartitionStepRows rows) {
        this.dispatcher = dispatcher;
        this.supervisor = supervisor;
        this.jobRepository = jobRepository;
        this.policy = policy;
        this.workerLease = workerLease;
        this.clock = clock;
        this.lease = lease;
        this.transaction = transaction;
        this.rows = rows;
    }

    /** Whether an INFRA failure with retries left is waiting for its new attempt. */
    boolean retriesDue(long jobExecutionId) {
        return !supervisor.retryCandidates(jobExecutionId, policy.maxRetries()).isEmpty();
    }

    /** Re-sends each INFRA failure with retries left as a new attempt of the same partition, after a backoff. */
    void retryInfraFailures(StepExecution managerStep, RunFence fence, PartitionBook book)
            throws InterruptedException {
        for (RetryCandidate candidate : supervisor.retryCandidates(managerStep.getJobExecutionId(),
                policy.maxRetries())) {
            StepExecution failed = jobRepository.getStepExecution(candidate.stepExecutionId());
            // created while the run's lease row is share-locked at this manager's epoch: a takeover waits for it,
            // and a manager that lost the run creates nothing
            StepExecution attempt = transaction.execute(status -> {
                lease.lockHeld(fence);
                return rows.insert(managerStep.getJobExecution(), Map.of(failed.getStepName(),
                        new ExecutionContext(failed.getExecutionContext()))).get(0);
            });
            book.attempt(attempt);
            int delay = policy.delaySeconds(candidate.attempts());
            log.warn("retrying {} (INFRA, retry {} of {}) in {} s: {}", failed.getStepName(), candidate.attempts(),
                    policy.maxRetries(), delay, failed.getExitStatus().getExitDescription());
            dispatcher.dispatch(List.of(attempt), delay);
        }
    }

    /**
     * Re-sends the request of each partition whose worker died mid-trial (STARTED, heartbeat older than the worker
     * lease), at most once per lease: its own message may have been taken by a host that saw the lease still live
     * and skipped it, or the dead worker's final commit failed after the message was deleted. A worker claims the
     * step execution from STARTED with the stale heartbeat and runs it; a duplicate is skipped.
     */
    void resendOrphans(RunFence fence) throws InterruptedException {
        Instant now = clock.instant();
        List<StepExecution> due = new ArrayList<>();
        for (long id : supervisor.orphans(fence.jobExecutionId(), workerLease)) {
            Instant last = orphansResent.get(id);
            if (last == null || Duration.between(last, now).compareTo(workerLease) >= 0) {
                orphansResent.put(id, now);
                due.add(jobRepository.getStepExecution(id));
            }
        }
        if (!due.isEmpty()) {
            log.warn("re-sending {} partitions whose worker stopped beating more than {} ago: {}", due.size(),
                    workerLease, due.stream().map(StepExecution::getStepName).toList());
            lease.require(fence);
            dispatcher.dispatch(due);
        }
    }
}
