package io.benchfleet.worker.queue;

import java.util.Optional;

import io.awspring.cloud.sqs.listener.Visibility;
import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.message.MalformedPartitionRequestException;
import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Runs the partition a queue message names, guarding Spring Batch's plain {@code StepExecutionRequestHandler}
 * behaviour: a request for a partition that is already finished or running elsewhere is acknowledged and skipped;
 * only a claimed step execution is executed, under a heartbeat. A message that cannot be decoded, or names a step
 * execution the repository does not have, throws: it is not acknowledged and, after the queue's receive limit, goes
 * to the dead-letter queue. Returning normally acknowledges (deletes) the message; it happens
 * only after the step's final state is committed.
 */
public class PartitionRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(PartitionRequestHandler.class);

    private final ClaimedStepExecutions stepExecutions;
    private final Step trialStep;
    private final StepClaim claim;
    private final PartitionHeartbeat heartbeat;
    private final PartitionRequestCodec codec = new PartitionRequestCodec();

    public PartitionRequestHandler(ClaimedStepExecutions stepExecutions, Step trialStep, StepClaim claim,
            PartitionHeartbeat heartbeat) {
        this.stepExecutions = stepExecutions;
        this.trialStep = trialStep;
        this.claim = claim;
        this.heartbeat = heartbeat;
    }

    /**
     * The request a message body holds; a body that is not one throws (the message is a poison message: it is not
     * acknowledged and, after the queue's receive limit, goes to the dead-letter queue).
     */
    public PartitionRequest decode(String body) {
        try {
            return codec.decode(body);
        } catch (MalformedPartitionRequestException e) {
            log.error("poison message (left for the dead-letter queue): {}", e.getMessage());
            throw e;
        }
    }

    /**
     * Handles one request on behalf of worker {@code workerId}; {@code visibility} (may be null) lets the heartbeat
     * keep the message invisible while the trial runs.
     */
    public Outcome handle(PartitionRequest request, String workerId, Visibility visibility) {
        MDC.put(WorkerIdentity.MDC_WORKER, workerId);
        MDC.put(WorkerIdentity.MDC_PARTITION, request.partitionKey());
        try {
            return run(request, workerId, visibility);
        } catch (UnknownPartitionException e) {
            log.error("{} (left for the dead-letter queue)", e.getMessage());
            throw e;
        } finally {
            MDC.remove(WorkerIdentity.MDC_PARTITION);
            MDC.remove(WorkerIdentity.MDC_WORKER);
        }
    }

    private Outcome run(PartitionRequest request, String workerId, Visibility visibility) {
        if (!trialStep.getName().equals(request.stepName())) {
            throw new UnknownPartitionException("message asks for step '" + request.stepName() + "' but this "
                    + "worker runs '" + trialStep.getName() + "'");
        }
        // claim first: the claim itself refuses a step that is not STARTING or STARTED, so the step execution is
        // loaded once, after the claim (one query: ClaimedStepExecutions), and only the rare refusal asks why
        Optional<StepClaim.Lease> lease = claim.claim(request.stepExecutionId(), workerId);
        if (lease.isEmpty()) {
            BatchStatus status = claim.status(request.stepExecutionId()).orElseThrow(() ->
                    new UnknownPartitionException("no step execution " + request.stepExecutionId() + " (partition "
                            + request.partitionKey() + ") in the job repository: the message belongs to another "
                            + "repository or a deleted run"));
            if (!StepClaim.claimable(status)) {
                log.info("skipping partition {}: step execution {} is already {}", request.partitionKey(),
                        request.stepExecutionId(), status);
            } else {
                log.info("skipping partition {}: step execution {} is {} with a live lease elsewhere",
                        request.partitionKey(), request.stepExecutionId(), status);
            }
            return Outcome.SKIPPED;
        }
        StepExecution claimed = stepExecutions.load(request.stepExecutionId());
        if (claimed == null) {
            throw new UnknownPartitionException("step execution " + request.stepExecutionId() + " (partition "
                    + request.partitionKey() + ") left the job repository after it was claimed");
        }
        heartbeat.started(lease.get(), visibility);
        try {
            trialStep.execute(claimed);
        } catch (JobInterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("partition {} interrupted: {}", request.partitionKey(), e.getMessage());
        } finally {
            heartbeat.finished(claimed.getId());
        }
        String repositoryFailure = claimed.getStatus() == BatchStatus.FAILED ? repositoryFailure(claimed) : null;
        if (claimed.getStatus() == BatchStatus.STOPPED || repositoryFailure != null) {
            Optional<String> restored;
            try {
                restored = claim.restoreOutcome(claimed.getId());
            } catch (DataAccessException e) {
                // no INFRA mark either: a result committed before the outage would be paid for a second time
                log.warn("partition {}: step execution {} stays {}: its recorded result cannot be read to restore "
                        + "its outcome ({})", request.partitionKey(), claimed.getId(), claimed.getStatus(),
                        Messages.oneLine(e.getMessage()));
                return Outcome.FAILED;
            }
            if (restored.isPresent()) {
                log.info("partition {}: {} after the trial recorded its result; the step keeps that outcome ({})",
                        request.partitionKey(), repositoryFailure == null ? "its job was stopped"
                                : "the job repository failed (" + repositoryFailure + ")", restored.get());
                return restored.get().equals("COMPLETED") ? Outcome.COMPLETED : Outcome.FAILED;
            }
        }
        if (claimed.getStatus() == BatchStatus.UNKNOWN) {
            // Spring Batch could not save the final state (repository unreachable, or another worker took the
            // partition over after this one's lease lapsed): keep the message so the partition is not lost; the
            // redelivery is claimed once the lease has passed, or skipped when the partition finished elsewhere
            throw new FinalStateNotRecordedException("partition " + request.partitionKey() + ": the final state of "
                    + "step execution " + claimed.getId() + " was not recorded; message left for redelivery");
        }
        if (repositoryFailure != null) {
            // the trial's result could not be committed because the job repository failed (e.g. a PostgreSQL
            // restart): an infrastructure failure, so the manager retries the partition as a new attempt
            String reason = request.stepName() + ":" + request.partitionKey() + ": INFRA failure: job repository "
                    + "unavailable while recording the trial (" + repositoryFailure + ")";
            if (!claim.markInfraFailure(claimed.getId(), reason)) {
                log.warn("could not mark partition {} as an INFRA failure", request.partitionKey());
            }
            log.warn(reason);
        }
        return claimed.getStatus() == BatchStatus.COMPLETED ? Outcome.COMPLETED : Outcome.FAILED;
    }

    /** The first job repository (database) failure among the step's failures, as one line; null if none. */
    private static String repositoryFailure(StepExecution step) {
        for (Throwable failure : step.getFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof DataAccessException || t instanceof TransactionException
                        || t instanceof java.sql.SQLException) {
                    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                    return msg.lines().findFirst().orElse(msg);
                }
            }
        }
        return null;
    }

    /** What became of a request. */
    public enum Outcome { COMPLETED, FAILED, SKIPPED }

    /** The step ran but its final state is not in the repository: the message must not be acknowledged. */
    public static class FinalStateNotRecordedException extends RuntimeException {
        public FinalStateNotRecordedException(String message) {
            super(message);
        }
    }

    /** The message names a step execution this repository does not have. */
    public static class UnknownPartitionException extends RuntimeException {
        public UnknownPartitionException(String message) {
            super(message);
        }
    }
}
