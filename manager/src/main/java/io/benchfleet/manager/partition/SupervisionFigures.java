package io.benchfleet.manager.partition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import io.benchfleet.manager.run.RunContextKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a run's dispatch and supervision cost, kept in the manager step's context (benchmarks read it): when dispatch
 * started, how long enqueueing took, and the repository statements the manager sent while dispatching and while
 * supervising.
 */
final class SupervisionFigures {

    private static final Logger log = LoggerFactory.getLogger(SupervisionFigures.class);

    private final LongSupplier statements;
    private final Clock clock;
    private final Instant sendStart;
    private final long statementsAtStart;
    private long enqueueMillis;
    private long statementsAfterDispatch;

    /** @param sendStart when the first request went out (while partitions were still being created, on a restart) */
    SupervisionFigures(LongSupplier statements, Clock clock, Instant sendStart, long statementsAtStart) {
        this.statements = statements;
        this.clock = clock;
        this.sendStart = sendStart;
        this.statementsAtStart = statementsAtStart;
    }

    /**
     * @param partitions partitions released to the queue
     * @param held       partitions held back by the run's share
     * @param share      the share they were released by; empty: the fleet's slots were unknown
     */
    void dispatched(StepExecution managerStep, int partitions, int held, OptionalLong share) {
        enqueueMillis = Duration.between(sendStart, clock.instant()).toMillis();
        statementsAfterDispatch = statements.getAsLong();
        ExecutionContext context = managerStep.getExecutionContext();
        context.putLong(RunContextKeys.DISPATCH_STATEMENTS, statementsAfterDispatch - statementsAtStart);
        context.putLong(RunContextKeys.DISPATCH_STARTED_AT, sendStart.toEpochMilli());
        context.putLong(RunContextKeys.ENQUEUE_MILLIS, enqueueMillis);
        if (held == 0) {
            log.info("enqueued {} partition requests in {} ms", partitions, enqueueMillis);
        } else {
            log.info("enqueued {} partition requests in {} ms; {} held back, released as the run's share of the "
                    + "fleet's slots ({}) frees", partitions, enqueueMillis, held, share.isPresent()
                    ? share.getAsLong() + " slots" : "no worker host registered yet");
        }
    }

    void supervised(StepExecution managerStep, int partitions) {
        long count = statements.getAsLong() - statementsAfterDispatch;
        long millis = Math.max(1, Duration.between(sendStart, clock.instant()).toMillis() - enqueueMillis);
        managerStep.getExecutionContext().putLong(RunContextKeys.SUPERVISION_STATEMENTS, count);
        managerStep.getExecutionContext().putLong(RunContextKeys.SUPERVISION_MILLIS, millis);
        log.info("supervised {} partitions for {} ms with {} repository statements ({} per second)", partitions,
                millis, count, String.format(Locale.ROOT, "%.1f", count * 1000.0 / millis));
    }
}
