package io.benchfleet.manager.cli;

import io.benchfleet.manager.run.RunStatusQuery;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.job.RunRecovery;
import org.springframework.batch.core.launch.JobOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet abandon <id>}: give a run up for good. */
@Command(name = "abandon", mixinStandardHelpOptions = true,
        description = {"Abandon a stopped, failed or dead run so it is never restarted (its results and reports stay)."
                + " A running run must be stopped first.",
                "Example: benchfleet abandon 42"})
public class AbandonCommand implements Callable<Integer> {

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
            if (status.status().equals("COMPLETED") || status.status().equals("ABANDONED")) {
                out.printf("Job execution %d is %s: nothing to abandon%n", jobExecutionId, status.status());
                return ExitCodes.OK;
            }
            try {
                runtime.bean(RunRecovery.class).settle(jobExecutionId, "run abandoned", Duration.ZERO, out);
            } catch (RunRecovery.RunStillActiveException e) {
                throw new BadInputException(e.getMessage());
            }
            runtime.bean(JobOperator.class).abandon(jobExecutionId);
            out.printf("Job execution %d abandoned: run %s of spec %s will not be restarted%n", jobExecutionId,
                    status.run(), status.spec());
            return ExitCodes.OK;
        }
    }
}
