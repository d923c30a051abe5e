package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code benchfleet failures <id>}: the partitions of a run that did not complete, with class and reason. */
@Command(name = "failures", mixinStandardHelpOptions = true,
        description = {"List a run's partitions that did not complete (what 'restart' would re-run), each with its "
                + "failure class and one-line reason; --all adds trials that completed with an AGENT or VERIFIER "
                + "failure.",
                "Example: benchfleet failures 42"})
public class FailuresCommand implements Callable<Integer> {

    private static final String QUERY = """
            SELECT * FROM (
              SELECT DISTINCT ON (s.step_name) substr(s.step_name, 7) AS partition, s.status, s.exit_code,
                     s.exit_message, r.failure_class, r.exception_type, r.host, r.artifact_uri
                FROM batch_step_execution s
                JOIN batch_job_execution j ON j.job_execution_id = s.job_execution_id
                LEFT JOIN trial_result r ON r.step_execution_id = s.step_execution_id
               WHERE j.job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)
                 AND s.step_name LIKE 'trial:%'
               ORDER BY s.step_name, s.step_execution_id DESC) latest
             WHERE status <> 'COMPLETED' OR (? AND failure_class IN ('AGENT', 'VERIFIER'))
             ORDER BY partition""";

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
            List<Map<String, Object>> rows = runtime.bean(JdbcTemplate.class).queryForList(QUERY, jobExecutionId,
                    all);
            if (json) {
                out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                        .writeValueAsString(rows));
            } else if (rows.isEmpty()) {
                out.println("No failed partitions.");
            } else {
                out.printf("%-40s %-10s %-12s %s%n", "PARTITION", "STATUS", "CLASS", "REASON");
                for (Map<String, Object> r : rows) {
                    Object cls = r.get("failure_class") != null ? r.get("failure_class") : r.get("exit_code");
                    String reason = String.valueOf(r.get("exit_message") == null || r.get("exit_message").toString()
                            .isBlank() ? r.get("exception_type") : r.get("exit_message"));
                    out.printf("%-40s %-10s %-12s %s%n", r.get("partition"), r.get("status"), cls,
                            reason.lines().findFirst().orElse(""));
                }
                out.printf("%d partitions; re-run the failed ones with 'benchfleet restart %d'%n", rows.size(),
                        jobExecutionId);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
