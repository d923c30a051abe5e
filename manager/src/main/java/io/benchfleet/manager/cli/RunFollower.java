package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

import io.benchfleet.manager.partition.ManagerShutdown;
import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.PartitionProgressQuery;
import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.RunLease;
import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.manager.run.TransientRepositoryFailures;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.DataAccessException;

/**
 * Follows a running job execution: a live progress line (redrawn in place on a terminal, one line per interval
 * otherwise), then the summary and where the report is. Returns the command's exit code.
 */
class RunFollower {

    private static final Duration TICK = Duration.ofMillis(500);

    private final ManagerRuntime runtime;
    private final PrintWriter out;
    private final Duration printEvery;
    private final boolean terminal = System.console() != null;

    RunFollower(ManagerRuntime runtime, PrintWriter out, Duration printEvery) {
        this.runtime = runtime;
        this.out = out;
        this.printEvery = printEvery;
    }

    int follow(long jobExecutionId) throws InterruptedException {
        RunStatusQuery statusQuery = runtime.bean(RunStatusQuery.class);
        PartitionProgressQuery progressQuery = runtime.bean(PartitionProgressQuery.class);
        Instant start = Instant.now();
        Instant lastPrint = Instant.MIN;
        String lastLine = "";
        RunStatusQuery.RunStatus status = statusQuery.find(jobExecutionId).orElseThrow();
        ManagerShutdown shutdown = runtime.bean(ManagerShutdown.class);
        while (!status.finished()) {
            Thread.sleep(TICK.toMillis());
            if (shutdown.requested()) {
                // SIGTERM / Ctrl-C: the stopping process says how the run ended; the context is going away
                return ExitCodes.RUN_FAILED;
            }
            PartitionProgress progress;
            try {
                progress = progressQuery.forJobExecution(jobExecutionId);
                status = statusQuery.find(jobExecutionId).orElseThrow();
            } catch (DataAccessException e) {
                if (!TransientRepositoryFailures.isTransient(e)) {
                    throw e;
                }
                continue; // PostgreSQL restarting: the run goes on; so does following it
            }
            String line = ProgressLine.format(progress, Duration.between(start, Instant.now()));
            if (terminal) {
                out.print("\r" + line);
                out.flush();
            } else if (Duration.between(lastPrint, Instant.now()).compareTo(printEvery) >= 0
                    && !line.equals(lastLine)) {
                out.println(line);
                out.flush();
                lastPrint = Instant.now();
            }
            lastLine = line;
        }
        PartitionProgress progress = progressQuery.forJobExecution(jobExecutionId);
        out.println((terminal ? "\r" : "") + ProgressLine.format(progress, Duration.between(start, Instant.now())));
        JobExecution execution = runtime.bean(JobRepository.class).getJobExecution(jobExecutionId);
        String summary = execution.getExecutionContext().getString(RunContextKeys.SUMMARY, null);
        String location = execution.getExecutionContext().getString(RunContextKeys.REPORT_LOCATION, null);
        out.println();
        if (summary != null) {
            out.println(summary);
        }
        if (location != null) {
            out.println("Report: " + location);
        }
        if (!status.status().equals("COMPLETED") && status.exitMessage() != null && !status.exitMessage().isBlank()) {
            out.println("Reason: " + status.exitMessage().lines().findFirst().orElse(""));
        }
        RunLease.Liveness holder = runtime.bean(RunLease.class).liveness(status.jobInstanceId());
        if (holder.known() && holder.jobExecutionId() != jobExecutionId) {
            out.printf("Job execution %d %s: the run was taken over by job execution %d (manager %s) - follow it "
                    + "with 'benchfleet status %d'%n", jobExecutionId, status.status(), holder.jobExecutionId(),
                    holder.owner(), holder.jobExecutionId());
            out.flush();
            return ExitCodes.RUN_FAILED;
        }
        out.printf("Job execution %d %s%s%n", jobExecutionId, status.status(),
                status.status().equals("COMPLETED") ? "" : " - restart the failed partitions with "
                        + "'benchfleet restart " + jobExecutionId + "' once fixed; details: 'benchfleet status "
                        + jobExecutionId + "'");
        out.flush();
        return status.status().equals("COMPLETED") ? ExitCodes.OK : ExitCodes.RUN_FAILED;
    }
}
