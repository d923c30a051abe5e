package io.benchfleet.manager.cli;

import io.benchfleet.manager.run.RunStatusQuery;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.benchfleet.manager.job.RunRecovery;
import io.benchfleet.manager.partition.PartitionSupervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet stop <id>}: stop a running run; it can be restarted later. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop a running run: queued partitions are withdrawn, running trials finish and keep their "
                + "results; the run ends FAILED/STOPPED and can be restarted with 'restart'.",
                "Example: benchfleet stop 42"})
public class StopCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB_EXECUTION_ID")
    long jobExecutionId;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (ManagerRuntime runtime = parent.startForRepository()) {
            RunStatusQuery.RunStatus status = BenchfleetCommand.requireRun(runtime, jobExecutionId);
            if (status.finished()) {
                out.printf("Job execution %d is not running (%s): nothing to stop%n", jobExecutionId, status.status());
                return ExitCodes.OK;
            }
            try {
                RunRecovery.Settlement settled = runtime.bean(RunRecovery.class).settle(jobExecutionId,
                        "stop requested", Duration.ZERO, out);
                out.printf("Job execution %d had no live manager: recovered%s; restart it with 'benchfleet restart %d'"
                        + "%n", jobExecutionId, settled.stillRunning() == 0 ? "" : " (" + settled.stillRunning()
                        + " partitions still run on live workers and record their results; restart once they "
                        + "finish)", jobExecutionId);
            } catch (RunRecovery.RunStillActiveException alive) {
                runtime.bean(PartitionSupervisor.class).requestStop(jobExecutionId, "benchfleet stop");
                out.printf("Stop requested for job execution %d: queued partitions are withdrawn and running trials "
                        + "finish; follow with 'benchfleet status %d'%n", jobExecutionId, jobExecutionId);
            }
            return ExitCodes.OK;
        }
    }
}
