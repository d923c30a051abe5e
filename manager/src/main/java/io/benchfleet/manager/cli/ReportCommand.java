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
import io.benchfleet.manager.report.TrialResultQuery;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.artifact.LocalArtifactStore;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet report <jobExecutionId>}: (re)generate a run's reports from the job repository. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"(Re)generate a run's report.html, report.json, trials.csv and summary.md from its trial "
                + "results, with the regression against the previous completed run of the same spec, and print "
                + "where they are. Works for finished, failed and still running (partial) runs; changes nothing "
                + "in the database.",
                "Example: benchfleet report 42"})
public class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB_EXECUTION_ID", description = "As printed by 'run'.")
    long jobExecutionId;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Map<String, Object> props = new LinkedHashMap<>(parent.extraProperties());
        props.put("benchfleet.worker.enabled", "false");
        try (ManagerRuntime runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), null, props)) {
            JobExecution execution = runtime.bean(RunStatusQuery.class).find(jobExecutionId).isEmpty() ? null
                    : runtime.bean(JobRepository.class).getJobExecution(jobExecutionId);
            if (execution == null) {
                throw new BadInputException("no job execution " + jobExecutionId + " in "
                        + runtime.databaseDescription() + " (check the id printed by 'run')");
            }
            ReportGenerator generator = new ReportGenerator(new TrialResultQuery(runtime.bean(JdbcTemplate.class)),
                    artifactStore(runtime, execution), Clock.systemUTC());
            ReportGenerator.Written written = generator.generate(ReportTasklet.run(execution));
            out.println(written.summary());
            out.println("Report: " + written.location() + "report.html");
            out.println("        (also report.json, trials.csv, summary.md in " + written.location() + ")");
            out.flush();
            return ExitCodes.OK;
        }
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
