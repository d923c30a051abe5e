package io.benchfleet.manager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.jobdefs.harbor.AgentDatasetStats;
import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.export.ExportQuery;
import io.benchfleet.manager.export.ExportRow;
import io.benchfleet.manager.export.HarborJobExport;
import io.benchfleet.manager.export.RunExport;
import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.worker.artifact.ArtifactStore;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet export <id> --harbor-job DIR}: a run as one Harbor job folder, and whether a leaderboard takes it. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a run as one Harbor job folder (what leaderboard submissions take): the job config.json, "
                + "one directory per trial as Harbor left it (result.json, agent/, verifier/, artifacts), and a job "
                + "result.json with Harbor's statistics, merged from every partition's archived Harbor job (local "
                + "artifacts or S3). Prints whether the run is leaderboard-valid - timeout multiplier 1.0, no timeout "
                + "or resource overrides, at least 5 trials per task, no simulated trial - and why not.",
                "A matrix run becomes one job folder per configuration, DIR/<configuration>/ (Harbor's job config has "
                        + "one agent), each with its own result and leaderboard check.",
                "Example: benchfleet export 42 --harbor-job submissions/tb2-opus-run42"},
        footer = {"", "Exit codes: 0 exported (valid or not; with --require-valid only when valid), 1 an archive could "
                + "not be read or the export failed, 2 bad input (unknown run, DIR not empty)."})
public class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB_EXECUTION_ID", description = "As printed by 'run'.")
    long jobExecutionId;

    @Option(names = "--harbor-job", required = true, paramLabel = "DIR",
            description = "The job folder to write: a new or empty directory; its name becomes the job's name.")
    Path dir;

    @Option(names = "--require-valid", description = "Exit 1 unless the run is leaderboard-valid.")
    boolean requireValid;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    /** {@code export --json} of one Harbor job; {@code configuration} null for a run of one agent and model. */
    record ExportDocument(long jobExecutionId, String spec, String run, String configuration, String directory,
            int plannedPartitions, int trials, int tasks, int erroredTrials, Map<String, AgentDatasetStats> evals,
            List<String> notExported, boolean leaderboardValid, List<String> leaderboardReasons) {
    }

    /** {@code export --json} of a matrix run: one document per configuration's job folder. */
    record MatrixExportDocument(long jobExecutionId, String spec, String run, String directory, int trials,
            int unmatchedPartitions, boolean leaderboardValid, List<ExportDocument> configurations) {
    }

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Path target = dir.toAbsolutePath().normalize();
        requireNewOrEmpty(target);
        try (ManagerRuntime runtime = parent.startForRepository()) {
            RunStatusQuery.RunStatus run = BenchfleetCommand.requireRun(runtime, jobExecutionId);
            ExportQuery query = new ExportQuery(runtime.bean(JdbcTemplate.class));
            List<ExportRow> rows = query.latest(run.jobInstanceId());
            if (rows.isEmpty()) {
                throw new BadInputException("run " + jobExecutionId + " (spec " + run.spec() + ") has no trial "
                        + "results yet: nothing to export");
            }
            RunExport.Result result;
            try {
                result = new RunExport(new HarborJobExport(runtime.bean(ArtifactStore.class))).export(
                        run.jobInstanceId(), rows, query.plannedKeys(run.jobInstanceId()), target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Harbor job " + target + ": " + e.getMessage(), e);
            }
            if (json) {
                List<ExportDocument> documents = result.jobs().stream().map(job -> document(run, job)).toList();
                out.println(Json.pretty(result.matrix() ? new MatrixExportDocument(jobExecutionId, run.spec(),
                        run.run(), result.dir().toString(), result.trials(), result.unmatched(), result.allValid(),
                        documents) : documents.get(0)));
            } else {
                print(out, run, result);
            }
            out.flush();
            if (result.storeFailed()) {
                return ExitCodes.RUN_FAILED;
            }
            return requireValid && !result.allValid() ? ExitCodes.RUN_FAILED : ExitCodes.OK;
        }
    }

    private ExportDocument document(RunStatusQuery.RunStatus run, RunExport.Job job) {
        HarborJobExport.Result r = job.result();
        return new ExportDocument(jobExecutionId, run.spec(), run.run(), job.configuration(), r.dir().toString(),
                r.planned(), r.trials(), r.tasks(), r.job().stats().nErroredTrials(), r.job().stats().evals(),
                r.notExported(), r.leaderboard().valid(), r.leaderboard().reasons());
    }

    private void print(PrintWriter out, RunStatusQuery.RunStatus run, RunExport.Result result) {
        if (!result.matrix()) {
            HarborJobExport.Result job = result.jobs().get(0).result();
            out.printf("Harbor job written to %s: %d trials of %d tasks from run %d (spec %s, run %s)%n", job.dir(),
                    job.trials(), job.tasks(), jobExecutionId, run.spec(), run.run());
            printJob(out, job, "");
            return;
        }
        out.printf("Harbor jobs written to %s: %d configurations, one job folder each (Harbor's job config has one "
                + "agent), %d trials from run %d (spec %s, run %s)%n", result.dir(), result.jobs().size(),
                result.trials(), jobExecutionId, run.spec(), run.run());
        for (RunExport.Job job : result.jobs()) {
            HarborJobExport.Result r = job.result();
            out.printf("%nConfiguration %s -> %s: %d trials of %d tasks%n", job.configuration(), r.dir(), r.trials(),
                    r.tasks());
            printJob(out, r, "  ");
        }
        if (result.unmatched() > 0) {
            out.printf("%n%d planned partitions belong to configurations that recorded no result: not exported%n",
                    result.unmatched());
        }
        out.printf("%nLeaderboard-valid configurations: %d of %d%n", result.jobs().stream()
                .filter(j -> j.result().leaderboard().valid()).count(), result.jobs().size());
    }

    /** One job's evals, what was not exported and its leaderboard check, each line after {@code indent}. */
    private static void printJob(PrintWriter out, HarborJobExport.Result result, String indent) {
        var stats = result.job().stats();
        stats.evals().forEach((key, eval) -> {
            List<String> figures = new ArrayList<>();
            eval.metrics().forEach(m -> m.forEach((name, v) -> figures.add(name + " " + fmt(v))));
            eval.passAtK().forEach((k, v) -> figures.add("pass@" + k + " " + fmt(v)));
            out.printf("%s  %s: %d scored, %d errored; %s%n", indent, key, eval.nTrials(), eval.nErrors(),
                    String.join(", ", figures));
        });
        if (!result.notExported().isEmpty()) {
            out.printf("%s  not exported (%d):%n", indent, result.notExported().size());
            result.notExported().stream().limit(20).forEach(line -> out.println(indent + "    " + line));
            if (result.notExported().size() > 20) {
                out.println(indent + "    ...");
            }
        }
        if (result.leaderboard().valid()) {
            out.println(indent + "Leaderboard-valid: yes (timeout multiplier 1.0, no timeout or resource overrides, "
                    + "at least 5 trials per task, no simulated trial)");
        } else {
            out.println(indent + "Leaderboard-valid: no");
            result.leaderboard().reasons().forEach(reason -> out.println(indent + "  - " + reason));
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A job folder is never written over: DIR must be new or empty (checked before anything is read). */
    private static void requireNewOrEmpty(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new BadInputException("--harbor-job " + target + " is a file: give a new or empty directory");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new BadInputException("--harbor-job " + target + " is not empty: give a new or empty directory "
                        + "(an export never writes over files)");
            }
        } catch (IOException e) {
            throw new BadInputException("--harbor-job " + target + " cannot be read: " + e.getMessage());
        }
    }
}
