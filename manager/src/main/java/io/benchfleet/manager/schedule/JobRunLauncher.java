package io.benchfleet.manager.schedule;

import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.manager.run.RunParameters;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;

/** Launches {@code benchmarkJob} asynchronously through the {@link JobOperator}, like {@code benchfleet run}. */
public class JobRunLauncher implements RunLauncher {

    private final JobOperator jobOperator;
    private final Job job;
    private final RunStatusQuery status;

    public JobRunLauncher(JobOperator jobOperator, Job job, RunStatusQuery status) {
        this.jobOperator = jobOperator;
        this.job = job;
        this.status = status;
    }

    @Override
    public long launch(RunParameters run) {
        try {
            return jobOperator.start(job, run.toJobParameters()).getId();
        } catch (JobInstanceAlreadyCompleteException e) {
            throw new Refused("the run of " + describe(run) + " already completed");
        } catch (JobExecutionAlreadyRunningException e) {
            throw new Refused("the run of " + describe(run) + " is already running");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the run of " + describe(run) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isRunning(long jobExecutionId) {
        return status.find(jobExecutionId).map(s -> !s.finished()).orElse(false);
    }

    private static String describe(RunParameters run) {
        return run.specName() + " " + (run.runDate() != null ? run.runDate() : run.runId());
    }
}
