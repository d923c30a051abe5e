package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.manager.fleet.FleetStatus;
import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.ManagerProperties;
import io.benchfleet.manager.run.Elapsed;
import io.benchfleet.manager.run.RunListQuery;
import io.benchfleet.manager.run.RunListQuery.RunSummary;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet list}: the latest runs, one line each, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List runs newest first, one line each: job execution id, spec, run, status, partitions "
                + "completed/total, failed partitions, start, duration and mean reward (unscored trials as 0).",
                "Example: benchfleet list --spec terminal-bench-750 --last 5"})
public class ListCommand implements Callable<Integer> {

    static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--spec", paramLabel = "NAME", description = "Only runs of this spec (its name).")
    String spec;

    @Option(names = "--last", defaultValue = "20", paramLabel = "N",
            description = "How many runs (default: ${DEFAULT-VALUE}).")
    int last;

    @Option(names = "--json", description = "Print a JSON array for scripts.")
    boolean json;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        if (last < 1 || last > 10_000) {
            throw new BadInputException("--last must be from 1 to 10000, found " + last);
        }
        PrintWriter out = command.commandLine().getOut();
        try (ManagerRuntime runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), null,
                StatusCommand.withoutWorkers(parent.extraProperties()))) {
            List<RunSummary> runs = new RunListQuery(runtime.bean(JdbcTemplate.class),
                    runtime.bean(ManagerProperties.class).managerLease()).newest(spec, last);
            LocalDateTime now = LocalDateTime.now();
            if (json) {
                out.println(Json.pretty(runs.stream().map(r -> r.document(now)).toList()));
            } else if (runs.isEmpty()) {
                out.println(spec == null ? "No runs yet in " + runtime.databaseDescription()
                        : "No runs of spec " + spec + " in " + runtime.databaseDescription());
            } else {
                out.println(format(runs, now));
                out.println("fleet: " + runtime.bean(FleetStatus.class).hostsInService());
                runs.stream().filter(RunSummary::managerGone).forEach(r -> out.printf("%6d  manager %s: continue "
                        + "the run with '%s'%n", r.jobExecutionId(), r.manager().describe(), r.manager().continueWith()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** A header and one aligned line per run. */
    static String format(List<RunSummary> runs, LocalDateTime now) {
        int specWidth = Math.max(4, runs.stream().mapToInt(r -> String.valueOf(r.spec()).length()).max().orElse(4));
        int runWidth = Math.max(3, runs.stream().mapToInt(r -> String.valueOf(r.run()).length()).max().orElse(3));
        String row = "%6s  %-" + specWidth + "s  %-" + runWidth + "s  %-9s  %11s  %6s  %-19s  %8s  %6s";
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, row, "ID", "SPEC", "RUN", "STATUS",
                "PROGRESS", "FAILED", "STARTED", "DURATION", "REWARD"));
        for (RunSummary r : runs) {
            String progress = r.completed() + "/" + r.total();
            var d = r.duration(now);
            s.append('\n').append(String.format(Locale.ROOT, row, r.jobExecutionId(), r.spec(), r.run(),
                    r.status(), progress, r.failed(), r.startTime() == null ? "-" : START.format(r.startTime()),
                    d == null ? "-" : Elapsed.clock(d),
                    r.meanReward() == null ? "-" : String.format(Locale.ROOT, "%.3f", r.meanReward())));
        }
        return s.toString();
    }
}
