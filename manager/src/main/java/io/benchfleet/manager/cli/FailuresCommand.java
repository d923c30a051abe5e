package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.jdbc.core.DataClassRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code benchfleet failures <id>}: the partitions of a run that did not complete, with class and reason. */
@Command(name = "failures", mixinStandardHelpOptions = true,
        description = {"List a run's partitions that did not complete (what 'restart' would re-run), each with its "
                + "failure class and one-line reason; --all adds trials that completed with an AGENT or VERIFIER "
                + "failure.",
                "Example: benchfleet failures 42"})
public class FailuresCommand implements Callable<Integer> {

    private static final String QUERY = """
            SELECT * FROM (
              SELECT DISTINCT ON (s.step_name) substr(s.step_name, length(?) + 1) AS partition, s.status, s.exit_code,
                     s.exit_message, r.failure_class, r.exception_type, r.host, r.artifact_uri
                FROM batch_step_execution s
                JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
                LEFT JOIN trial_result r ON r.step_execution_id = s.step_execution_id
               WHERE j.job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)
                 AND s.step_name LIKE ?
               ORDER BY s.step_name, s.step_execution_id DESC) latest
             WHERE status <> 'COMPLETED' OR (? AND failure_class IN ('AGENT', 'VERIFIER'))
             ORDER BY partition""";

    /**
     * One partition that did not complete (or, with {@code --all}, completed with an AGENT or VERIFIER failure): its
     * latest attempt's state and result. The JSON keys are the columns' snake_case names.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PartitionFailure(String partition, String status, String exitCode, String exitMessage,
            String failureClass, String exceptionType, String host, String artifactUri) {

        String failureClassOrExitCode() {
            return failureClass != null ? failureClass : exitCode;
        }

        /** The step's exit message, else the exception type of the result. */
        String reason() {
            return String.valueOf(exitMessage == null || exitMessage.isBlank() ? exceptionType : exitMessage);
        }
    }

    @Parameters(index = "0", paramLabel = "JOB_EXECUTION_ID")
    long jobExecutionId;

    @Option(names = "--all", description = "Include completed trials with AGENT or VERIFIER failures.")
    boolean all;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        try (ManagerRuntime runtime = parent.startForRepository()) {
            BenchfleetCommand.requireRun(runtime, jobExecutionId);
            List<PartitionFailure> rows = runtime.bean(JdbcTemplate.class).query(QUERY,
                    new DataClassRowMapper<>(PartitionFailure.class), TrialStep.PARTITION_PREFIX, jobExecutionId,
                    TrialStep.PARTITION_PREFIX + "%", all);
            if (json) {
                out.println(Json.pretty(rows));
            } else if (rows.isEmpty()) {
                out.println("No failed partitions.");
            } else {
                out.printf("%-40s %-10s %-12s %s%n", "PARTITION", "STATUS", "CLASS", "REASON");
                for (PartitionFailure r : rows) {
                    out.printf("%-40s %-10s %-12s %s%n", r.partition(), r.status(), r.failureClassOrExitCode(),
                            Messages.firstLine(r.reason()));
                }
                out.printf("%d partitions; re-run the failed ones with 'benchfleet restart %d'%n", rows.size(),
                        jobExecutionId);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
