package io.benchfleet.manager.job;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunSpecLoader;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * How every launcher starts a run ({@code run}, {@code restart}, the schedules), so none of them starts one the
 * wrong way. A new run is a new job instance. A run that exists already is never restarted implicitly by Spring Batch
 * with other parameters (one run with mixed configurations): it is refused unless the spec and every parameter are
 * the same, and then continued like {@code restart}: what its previous execution left is settled first
 * ({@link RunRecovery}), and partitions still running on live workers are never declared lost.
 */
public class RunStarts {

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job job;
    private final RunRecovery recovery;
    private final RunControl control;
    private final RunSpecLoader specLoader;
    private final Duration workerLease;
    private final Supplier<String> queue;

    /** @param queue resolves the partition queue, failing with one line when it cannot be reached */
    public RunStarts(JobOperator jobOperator, JobRepository jobRepository, Job job, RunRecovery recovery,
            RunControl control, RunSpecLoader specLoader, Duration workerLease, Supplier<String> queue) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.job = job;
        this.recovery = recovery;
        this.control = control;
        this.specLoader = specLoader;
        this.workerLease = workerLease;
        this.queue = queue;
    }

    /**
     * Starts run {@code run}: a new run, or an unfinished one with exactly these parameters continued.
     *
     * @throws BadInputException the run exists with other parameters, or completed already
     * @throws RunRecovery.RunStillActiveException its manager is alive
     * @throws PartitionsStillRunningException partitions of the previous execution still run on live workers
     */
    public JobExecution start(RunParameters run, PrintWriter out) throws Exception {
        return start(run, out, null);
    }

    /** As {@link #start(RunParameters, PrintWriter)}, waiting at most {@code waitRunning} (null: the default). */
    public JobExecution start(RunParameters run, PrintWriter out, Duration waitRunning) throws Exception {
        JobInstance existing = jobRepository.getJobInstance(job.getName(), run.toJobParameters());
        if (existing == null) {
            return launch(run);
        }
        JobExecution last = jobRepository.getLastJobExecution(existing);
        if (last == null) {
            return launch(run);
        }
        String name = describe(run) + " of spec " + run.specName();
        if (last.getStatus() == BatchStatus.COMPLETED) {
            throw new BadInputException("run '" + name + " already completed (job execution " + last.getId()
                    + "): start a new run with another --param runId=...");
        }
        String differences = differences(RunParameters.from(last.getJobParameters()), run);
        if (!differences.isEmpty()) {
            throw new BadInputException("run '" + name + " already exists (job execution " + last.getId() + ", "
                    + last.getStatus() + ") with other parameters (" + differences + "): continue it as it was "
                    + "with 'benchfleet restart " + last.getId() + "', or start a new run with another --param "
                    + "runId=...");
        }
        out.printf("Run '%s exists (job execution %d, %s): continuing it, as 'benchfleet restart %d' does%n", name,
                last.getId(), last.getStatus(), last.getId());
        return restart(last.getId(), waitRunning != null ? waitRunning : defaultWait(last.getId()), out);
    }

    /**
     * A new execution of the run of job execution {@code latest} (its newest), re-running only what did not
     * complete, once what {@code latest} left is settled; waits up to {@code waitRunning} for partitions on live
     * workers.
     */
    public JobExecution restart(long latest, Duration waitRunning, PrintWriter out) throws Exception {
        RunRecovery.Settlement settled = recovery.settle(latest, "restart of job execution " + latest, waitRunning,
                out);
        if (settled.stillRunning() > 0) {
            throw new PartitionsStillRunningException(settled.stillRunning() + " partitions of job execution "
                    + latest + " are still running on live workers after waiting " + waitRunning + " (their "
                    + "heartbeats are fresh): nothing was re-run; restart again once they finish, or wait longer "
                    + "with --wait-running");
        }
        queue.get();
        return jobOperator.start(job, control.parameters(latest));
    }

    /**
     * How long a restart waits for partitions on live workers by default: the spec's longest trial limit (its
     * timeouts x multiplier + margin, after which a worker kills the trial and records it) plus one worker lease.
     */
    public Duration defaultWait(long jobExecutionId) {
        var spec = specLoader.load(RunParameters.from(control.parameters(jobExecutionId)));
        return Duration.ofSeconds(spec.timeouts().trialLimitSeconds()).plus(workerLease);
    }

    private JobExecution launch(RunParameters run) throws Exception {
        queue.get();
        try {
            return jobOperator.start(job, run.toJobParameters());
        } catch (JobInstanceAlreadyCompleteException | JobExecutionAlreadyRunningException e) {
            // another launcher started the same run between the check above and this start
            throw new BadInputException("run '" + describe(run) + " of spec " + run.specName() + " was started by "
                    + "someone else just now: follow it with 'benchfleet list --spec " + run.specName() + "'");
        }
    }

    /** What differs between two runs' parameters, e.g. {@code model: anthropic/a -> anthropic/b}; empty if none. */
    static String differences(RunParameters before, RunParameters now) {
        StringBuilder d = new StringBuilder();
        if (!java.util.Objects.equals(before.specDigest(), now.specDigest())) {
            d.append("the spec file changed");
        }
        if (before.rehearsal() != now.rehearsal()) {
            d.append(d.isEmpty() ? "" : ", ").append("rehearsal: ").append(before.rehearsal()).append(" -> ")
                    .append(now.rehearsal());
        }
        Map<String, String> keys = new TreeMap<>(before.overrides());
        now.overrides().forEach(keys::putIfAbsent);
        for (String key : keys.keySet()) {
            String was = before.overrides().get(key);
            String is = now.overrides().get(key);
            if (!java.util.Objects.equals(was, is)) {
                d.append(d.isEmpty() ? "" : ", ").append(key).append(": ").append(was == null ? "(spec)" : was)
                        .append(" -> ").append(is == null ? "(spec)" : is);
            }
        }
        return d.toString();
    }

    private static String describe(RunParameters run) {
        return (run.runId() != null ? run.runId() : run.runDate()) + "'";
    }

    /** Partitions of the run still run on live workers: it cannot be restarted yet. */
    public static class PartitionsStillRunningException extends RuntimeException {
        public PartitionsStillRunningException(String message) {
            super(message);
        }
    }
}
