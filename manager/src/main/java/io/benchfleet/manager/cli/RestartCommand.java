package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.job.RunControl;
import io.benchfleet.manager.job.RunRecovery;
import io.benchfleet.manager.job.RunStarts;
import io.benchfleet.manager.local.LocalMode;
import io.benchfleet.manager.run.RunStatusQuery;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet restart <id>}: re-run only the partitions of a run that did not complete. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Restart a failed or stopped run: a new execution of the same job instance that re-runs only "
                + "the partitions that did not complete (completed partitions keep their results). A run whose "
                + "manager died is recovered first: queued partitions are withdrawn, running ones finish, lost ones "
                + "are re-run.",
                "Example: benchfleet restart 42 --local"})
public class RestartCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB_EXECUTION_ID", description = "Any execution of the run.")
    long jobExecutionId;

    @Mixin
    LocalOptions localOptions;

    @Option(names = "--wait-running", paramLabel = "DURATION", converter = RunCommand.DurationConverter.class,
            description = "How long to wait for partitions still running on live workers (default: the spec's "
                    + "longest trial limit - its timeouts x multiplier + margin - plus one worker lease). "
                    + "Partitions whose worker still beats are never declared lost.")
    Duration waitRunning;

    @Option(names = "--progress-every", defaultValue = "10s", hidden = true,
            converter = RunCommand.DurationConverter.class)
    Duration progressEvery;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        LocalMode local = localOptions.toLocalMode(parent.stateDir());
        try (ManagerRuntime runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), local,
                parent.extraProperties())) {
            RunControl control = runtime.bean(RunControl.class);
            long latest = control.latestExecutionOfRun(jobExecutionId).orElseThrow(() -> new BadInputException(
                    "no job execution " + jobExecutionId + " in " + runtime.databaseDescription()));
            RunStatusQuery.RunStatus status = runtime.bean(RunStatusQuery.class).find(latest).orElseThrow();
            if (latest != jobExecutionId) {
                out.printf("Job execution %d is not the run's latest; restarting from execution %d%n",
                        jobExecutionId, latest);
            }
            if (status.status().equals("COMPLETED")) {
                out.printf("Run %s of spec %s (job execution %d) already completed: nothing to restart%n",
                        status.run(), status.spec(), latest);
                return ExitCodes.OK;
            }
            if (status.status().equals("ABANDONED")) {
                throw new BadInputException("run " + status.run() + " of spec " + status.spec() + " was abandoned "
                        + "and cannot be restarted: start a new run");
            }
            RunStarts starts = runtime.bean(RunStarts.class);
            JobExecution execution;
            try {
                execution = starts.restart(latest, waitRunning != null ? waitRunning : starts.defaultWait(latest), out);
            } catch (RunRecovery.RunStillActiveException e) {
                throw new BadInputException(e.getMessage());
            }
            out.printf("Job execution %d started: restart of %d (spec %s, run %s)%n  queue    %s%n", execution.getId(),
                    latest, status.spec(), status.run(), runtime.queueUrl());
            out.flush();
            return new RunFollower(runtime, out, progressEvery).follow(execution.getId());
        }
    }
}
