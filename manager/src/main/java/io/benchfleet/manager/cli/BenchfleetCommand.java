package io.benchfleet.manager.cli;

import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.manager.BadInputException;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchfleet}: the top-level command. */
@Command(name = "benchfleet", mixinStandardHelpOptions = true, version = "benchfleet 0.1.0",
        description = "Runs AI-agent benchmarks (Harbor) at fleet scale: a spec becomes one Spring Batch job whose "
                + "partitions (task x attempt) run on worker hosts fed by SQS.",
        subcommands = {RunCommand.class, StatusCommand.class, ReportCommand.class, RestartCommand.class, StopCommand.class, AbandonCommand.class, FailuresCommand.class, PlanCommand.class, ListCommand.class, ServeCommand.class, ExportCommand.class},
        footer = {"", "Exit codes: 0 success, 1 run failed, 2 bad input.",
                "Database: BENCHFLEET_DB_URL (+ BENCHFLEET_DB_USER, BENCHFLEET_DB_PASSWORD); when unset, PostgreSQL "
                        + "on 127.0.0.1:5432 (database benchfleet), else an embedded PostgreSQL under --state-dir."})
public class BenchfleetCommand implements Runnable {

    @Option(names = "--state-dir", defaultValue = ".benchfleet", paramLabel = "DIR", scope =
            picocli.CommandLine.ScopeType.INHERIT,
            description = "Local state: logs, embedded database, local artifacts and reports (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Map<String, Object> extraProperties;

    public BenchfleetCommand(Map<String, String> env, Map<String, Object> extraProperties) {
        this.env = env;
        this.extraProperties = extraProperties;
    }

    Map<String, String> env() {
        return env;
    }

    Map<String, Object> extraProperties() {
        return extraProperties;
    }

    Path stateDir() {
        return stateDir;
    }

    /** A runtime for commands that only use the repository: no SQS consumers, no queue. */
    ManagerRuntime startForRepository() {
        return ManagerRuntime.start(env, stateDir, null, StatusCommand.withoutWorkers(extraProperties));
    }

    /** The run of a job execution, or exit code 2 with one line naming the database looked in. */
    static RunStatusQuery.RunStatus requireRun(ManagerRuntime runtime, long jobExecutionId) {
        return runtime.bean(RunStatusQuery.class).find(jobExecutionId).orElseThrow(() ->
                new BadInputException("no job execution " + jobExecutionId + " in "
                        + runtime.databaseDescription() + " (check the id printed by 'run', or 'benchfleet list')"));
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()) + " (see --help)");
    }
}
