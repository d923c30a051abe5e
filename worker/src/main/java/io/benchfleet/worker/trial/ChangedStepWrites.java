package io.benchfleet.worker.trial;

import java.lang.reflect.Method;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import io.benchfleet.worker.config.JobRepositoryAdvice;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * The job repository as the trial step writes through it: what has not changed since the step last wrote it is not
 * written again. Spring Batch saves a step execution and its context at the step's start, at each chunk's commit and
 * twice at the end (before and after the step listeners), each update after reading the job's status; with a trial
 * step's context unchanged since the manager created it and no listener changing the outcome, half of those writes
 * repeat what the row already holds. A context is written only when it is dirty (changed since it was read or last
 * written); a step execution only when a persisted field (status, exit status, times, counts, version) differs from
 * what this repository last wrote for it. Every change is still written when it happens, in the transaction Spring
 * Batch writes it in: the start, each chunk with its result row, the final state.
 *
 * <p>Advice on exactly {@link JobRepository#update(StepExecution)} and
 * {@link JobRepository#updateExecutionContext(StepExecution)} ({@link JobRepositoryAdvice}).
 */
public final class ChangedStepWrites {

    private static final Method UPDATE = JobRepositoryAdvice.method("update", StepExecution.class);
    private static final Method UPDATE_CONTEXT = JobRepositoryAdvice.method("updateExecutionContext",
            StepExecution.class);

    private ChangedStepWrites() {
    }

    /** What a step execution's row holds, as far as the step changes it. */
    private record Written(BatchStatus status, String exitCode, String exitDescription, LocalDateTime start,
            LocalDateTime end, long reads, long writes, long commits, long rollbacks, long filters, long readSkips,
            long writeSkips, long processSkips, Integer version) {

        static Written of(StepExecution s) {
            return new Written(s.getStatus(), s.getExitStatus().getExitCode(), s.getExitStatus().getExitDescription(),
                    s.getStartTime(), s.getEndTime(), s.getReadCount(), s.getWriteCount(), s.getCommitCount(),
                    s.getRollbackCount(), s.getFilterCount(), s.getReadSkipCount(), s.getWriteSkipCount(),
                    s.getProcessSkipCount(), s.getVersion());
        }
    }

    public static JobRepository of(JobRepository repository) {
        // per step execution object, dropped with it
        Map<StepExecution, Written> written = Collections.synchronizedMap(new WeakHashMap<>());
        MethodInterceptor changedOnly = invocation -> {
            StepExecution step = (StepExecution) invocation.getArguments()[0];
            if (invocation.getMethod().equals(UPDATE_CONTEXT)) {
                return step.getExecutionContext().isDirty() ? invocation.proceed() : null;
            }
            if (Written.of(step).equals(written.get(step))) {
                return null;
            }
            Object result = invocation.proceed();
            written.put(step, Written.of(step));
            return result;
        };
        return JobRepositoryAdvice.advise(repository, Set.of(UPDATE, UPDATE_CONTEXT), changedOnly);
    }
}
