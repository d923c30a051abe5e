package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.PreparedRun;
import io.benchfleet.manager.local.LocalMode;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet run}: launch a benchmark run and follow it to its report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Launch a benchmark run: plan its partitions (task x attempt), send them to the workers over "
                + "SQS, follow progress, and print the summary when the report is written.",
                "Example: benchfleet run --spec job-definitions/examples/terminal-bench-750.yaml --local --workers 3"},
        footer = {"", "Parameters (--param KEY=VALUE):",
                "  runId=ID         identifies the run (default: a timestamp); runDate=YYYY-MM-DD for nightly runs",
                "  attempts=N, tasks=a,b,c, configurations=a,b (matrix specs), agent=NAME, model=provider/model,",
                "  harborImage=IMAGE,",
                "  timeoutMultiplier=F, maxHosts=N, slotsPerHost=N   override the spec for this run",
                "Secrets are never parameters: list their environment variable names under 'secrets:' in the spec."})
public class RunCommand implements Callable<Integer> {

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "Benchmark spec (YAML).")
    Path specFile;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "Run parameter (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    LocalOptions localOptions;

    @Option(names = "--progress-every", defaultValue = "10s", paramLabel = "DURATION", hidden = true,
            converter = DurationConverter.class)
    Duration progressEvery;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        LocalMode localMode = localOptions.toLocalMode(parent.stateDir());
        RunParameters run = validate();
        try (ManagerRuntime runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), localMode,
                parent.extraProperties())) {
            String queueUrl = runtime.queueUrl();
            JobExecution execution;
            try {
                execution = runtime.bean(JobOperator.class).start(runtime.bean("benchmarkJob", Job.class),
                        run.toJobParameters());
            } catch (JobInstanceAlreadyCompleteException e) {
                throw new BadInputException("run '" + describe(run) + "' of spec " + run.specName() + " already "
                        + "completed: start a new run with another --param runId=...");
            } catch (JobExecutionAlreadyRunningException e) {
                throw new BadInputException("run '" + describe(run) + "' of spec " + run.specName() + " is already "
                        + "running: follow it with 'benchfleet status'");
            }
            out.printf("Job execution %d started: spec %s, run %s%n  database %s%n  queue    %s%n",
                    execution.getId(), run.specName(), describe(run), runtime.databaseDescription(), queueUrl);
            out.flush();
            return new RunFollower(runtime, out, progressEvery).follow(execution.getId());
        }
    }

    private RunParameters validate() {
        Map<String, String> overrides = new LinkedHashMap<>();
        String runId = null;
        String runDate = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey()) {
                case RunParameters.RUN_ID -> runId = requireText(p);
                case RunParameters.RUN_DATE -> runDate = requireText(p);
                default -> overrides.put(p.getKey(), p.getValue());
            }
        }
        if (runId != null && runDate != null) {
            throw new BadInputException("give runId or runDate, not both");
        }
        if (runId == null && runDate == null) {
            runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now(ZoneOffset.UTC)) + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        }
        return PreparedRun.of(specFile, overrides).parameters(runId, runDate);
    }

    private static String requireText(Map.Entry<String, String> p) {
        if (p.getValue() == null || p.getValue().isBlank()) {
            throw new BadInputException("parameter '" + p.getKey() + "' needs a value");
        }
        return p.getValue().strip();
    }

    private static String describe(RunParameters run) {
        return run.runId() != null ? run.runId() : run.runDate();
    }

    /** Parses {@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601 durations. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return org.springframework.boot.convert.DurationStyle.detectAndParse(value);
        }
    }

}
