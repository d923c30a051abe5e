package io.benchfleet.manager.cli;

import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.RunStatusQuery;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.report.ReportGenerator;
import io.benchfleet.manager.report.ReportTasklet;
import io.benchfleet.manager.report.RunReport;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.artifact.LocalArtifactStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code benchfleet report <jobExecutionId>}: (re)generate a run's reports from the job repository;
 * {@code benchfleet report --compare A B}: B's report against A (any two runs), in B's {@code vs-A/} directory.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"(Re)generate a run's report.html, report.json, trials.csv, summary.md, comparisons.csv and "
                + "leaderboard.csv from its trial results, with the regression against the previous completed run "
                + "of the same spec and the trend over its last completed runs, and print where they are. Works for "
                + "finished, failed and still running (partial) runs; changes nothing in the database.",
                "Example: benchfleet report 42",
                "         benchfleet report --compare 40 42   (run 42 against run 40, written to reports/42/vs-40/)",
                "         benchfleet report 42 --require-valid   (exit 1 when the run is below its validity gate)"})
public class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB_EXECUTION_ID", description = "As printed by 'run'.")
    Long jobExecutionId;

    @Option(names = "--compare", arity = "2", paramLabel = "ID",
            description = "Compare two runs: the report of the second against the first as baseline (any two runs, "
                    + "not only the previous one).")
    long[] compare;

    @Option(names = "--require-valid", description = "Exit with 1 when the run is not comparable: fewer of its "
            + "planned trials scored than its spec's report.minCoverage (default 90%).")
    boolean requireValid;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        if ((jobExecutionId == null) == (compare == null)) {
            throw new BadInputException("give one job execution id, or --compare A B (two ids), not both or neither");
        }
        PrintWriter out = command.commandLine().getOut();
        Map<String, Object> props = new LinkedHashMap<>(parent.extraProperties());
        props.put("benchfleet.worker.enabled", "false");
        try (ManagerRuntime runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), null, props)) {
            JobExecution execution = execution(runtime, compare == null ? jobExecutionId : compare[1]);
            ReportGenerator generator = ReportGenerator.over(runtime.bean(JdbcTemplate.class),
                    artifactStore(runtime, execution), Clock.systemUTC());
            ReportGenerator.Written written = compare == null ? generator.generate(ReportTasklet.run(execution))
                    : generator.compare(ReportTasklet.run(execution(runtime, compare[0])),
                            ReportTasklet.run(execution));
            out.println(written.summary());
            out.println("Report: " + written.location() + "report.html");
            out.println("        (also " + String.join(", ", ReportGenerator.FILES.subList(1,
                    ReportGenerator.FILES.size())) + " in " + written.location() + ")");
            out.flush();
            RunReport.Coverage coverage = written.report().coverage();
            if (requireValid && !coverage.comparable()) {
                command.commandLine().getErr().println("run " + execution.getId() + " is not comparable: "
                        + coverage.reason());
                command.commandLine().getErr().flush();
                return ExitCodes.RUN_FAILED;
            }
            return ExitCodes.OK;
        }
    }

    private static JobExecution execution(ManagerRuntime runtime, long id) {
        JobExecution execution = runtime.bean(RunStatusQuery.class).find(id).isEmpty() ? null
                : runtime.bean(JobRepository.class).getJobExecution(id);
        if (execution == null) {
            throw new BadInputException("no job execution " + id + " in " + runtime.databaseDescription()
                    + " (check the id printed by 'run')");
        }
        return execution;
    }
    /**
     * Where the run's reports go: the store they were written to before (a local run's directory under its
     * --state-dir), else the configured store; a local run never reported goes under --state-dir like
     * {@code run --local}.
     */
    private ArtifactStore artifactStore(ManagerRuntime runtime, JobExecution execution) {
        String previous = execution.getExecutionContext().getString(RunContextKeys.REPORT_LOCATION, null);
        String suffix = "reports/" + execution.getId() + "/";
        if (previous != null && previous.startsWith("file:") && previous.endsWith(suffix)) {
            return new LocalArtifactStore(Path.of(URI.create(previous.substring(0, previous.length()
                    - suffix.length()))));
        }
        boolean configured = parent.env().containsKey("BENCHFLEET_ARTIFACTS_LOCATION")
                || System.getenv("BENCHFLEET_ARTIFACTS_LOCATION") != null
                || parent.extraProperties().containsKey("benchfleet.artifacts.location");
        ArtifactStore store = runtime.bean(ArtifactStore.class);
        if (previous == null && !configured && store instanceof LocalArtifactStore) {
            return new LocalArtifactStore(parent.stateDir().resolve("artifacts"));
        }
        return store;
    }
}
