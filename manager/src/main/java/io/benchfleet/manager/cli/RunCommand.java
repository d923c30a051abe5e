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
import io.benchfleet.manager.job.RunRecovery;
import io.benchfleet.manager.job.RunStarts;
import io.benchfleet.manager.local.LocalMode;
import io.benchfleet.manager.run.PreparedRun;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunPriority;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
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
                "  rehearsal=true   accept simulated trials without --local (reports say REHEARSAL); otherwise a",
                "                   worker with the simulated executor fails the run with a CONFIG error",
                "Secrets are never parameters: list their environment variable names under 'secrets:' in the spec.",
                "The runId of an unfinished run continues it only with the same spec and parameters (else: restart ID).",
                "Ctrl-C / SIGTERM stops the run: it ends STOPPED, running trials finish, 'restart ID' continues it."})
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
            JobExecution execution;
            try {
                execution = runtime.bean(RunStarts.class).start(run, out);
            } catch (RunRecovery.RunStillActiveException e) {
                throw new BadInputException("run '" + describe(run) + "' of spec " + run.specName() + " is already "
                        + "running: " + e.getMessage());
            }
            out.printf("Job execution %d started: spec %s, run %s%n  database %s%n  queue    %s%n",
                    execution.getId(), run.specName(), describe(run), runtime.databaseDescription(),
                    runtime.queueUrl());
            out.flush();
            return new RunFollower(runtime, out, progressEvery).follow(execution.getId());
        }
    }

    private RunParameters validate() {
        Map<String, String> overrides = new LinkedHashMap<>();
        String runId = null;
        String runDate = null;
        boolean rehearsal = false;
        String priority = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey()) {
                case RunParameters.RUN_ID -> runId = requireText(p);
                case RunParameters.RUN_DATE -> runDate = requireText(p);
                case RunParameters.REHEARSAL -> rehearsal = trueOrFalse(p);
                case RunParameters.PRIORITY -> priority = priority(p);
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
        RunParameters run = PreparedRun.of(specFile, overrides).parameters(runId, runDate).withRehearsal(rehearsal);
        return priority == null ? run : run.withSetting(RunParameters.PRIORITY, priority);
    }

    private static String priority(Map.Entry<String, String> p) {
        try {
            return RunPriority.parse(p.getValue()).label();
        } catch (IllegalArgumentException e) {
            throw new BadInputException("parameter '" + p.getKey() + "': " + e.getMessage());
        }
    }

    private static boolean trueOrFalse(Map.Entry<String, String> p) {
        String value = p.getValue() == null ? "" : p.getValue().strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new BadInputException("parameter '" + p.getKey() + "': '" + value + "' is not valid: expected true "
                    + "or false (true: the run is a rehearsal and accepts simulated trials)");
        }
        return value.equals("true");
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
