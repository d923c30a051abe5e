package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.benchfleet.jobdefs.spec.InvalidSpecException;
import io.benchfleet.manager.fleet.FleetController;
import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.local.LocalMode;
import io.benchfleet.manager.schedule.ScheduleProperties.Schedule;
import io.benchfleet.manager.schedule.ScheduledRuns;
import io.benchfleet.manager.web.ServeLifecycle;
import org.springframework.boot.WebApplicationType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet serve}: the manager as a long-running service: read-only web pages and API, schedules, metrics. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the manager as a service: runs list at /, a run's report at /runs/ID, JSON at /api/runs, "
                + "health and Prometheus metrics under /actuator, and the configured schedules "
                + "(benchfleet.schedules[i].name/cron/spec/params/zone) launching nightly runs. Runs go to the "
                + "configured SQS queue; --local serves with in-process SQS and workers for a local demo.",
                "Example: benchfleet serve --port 8080 --config schedules.yml"},
        footer = {"", "Stopping (Ctrl-C, SIGTERM) stops the runs it drives: queued partitions are withdrawn, running "
                + "trials finish on their workers, the runs end STOPPED; continue them with 'benchfleet restart ID'."})
public class ServeCommand implements Callable<Integer> {

    private static final DateTimeFormatter NEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Extra Spring configuration (YAML or properties), e.g. the schedules.")
    Path config;

    @Mixin
    LocalOptions localOptions;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be from 0 to 65535, found " + port);
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new BadInputException("--config " + config + ": no such file");
        }
        LocalMode localMode = localOptions.toLocalMode(parent.stateDir());
        Map<String, Object> props = new LinkedHashMap<>(parent.extraProperties());
        props.put("server.port", Integer.toString(port));
        if (config != null) {
            props.put("spring.config.additional-location", "file:" + config.toAbsolutePath().normalize());
        }
        boolean artifactsConfigured = parent.env().containsKey("BENCHFLEET_ARTIFACTS_LOCATION")
                || System.getenv("BENCHFLEET_ARTIFACTS_LOCATION") != null
                || props.containsKey("benchfleet.artifacts.location");
        if (!artifactsConfigured && localMode == null) {
            // Like 'report': local runs keep their reports under --state-dir.
            props.put("benchfleet.artifacts.location", parent.stateDir().resolve("artifacts").toString());
        }
        ManagerRuntime runtime;
        try {
            runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), localMode, props,
                    WebApplicationType.SERVLET);
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BadInputException || c instanceof InvalidSpecException) {
                    throw (RuntimeException) c;
                }
            }
            throw e;
        }
        try (runtime) {
            ScheduledRuns schedules = runtime.bean(ScheduledRuns.class);
            String queue = schedules.schedules().isEmpty() ? null : runtime.queueUrl();
            ServeLifecycle lifecycle = runtime.bean(ServeLifecycle.class);
            String base = "http://localhost:" + lifecycle.port() + "/";
            out.printf("benchfleet serve: %s%n  database %s%n", base, runtime.databaseDescription());
            if (queue != null) {
                out.printf("  queue    %s%n", queue);
            }
            out.printf("  pages    %s (runs), %sruns/ID (report)%n  api      %sapi/runs, %sapi/schedules%n"
                    + "  actuator %sactuator/health, %sactuator/prometheus%n", base, base, base, base, base, base);
            schedules.start();
            FleetController fleet = runtime.bean(FleetController.class);
            if (fleet.start()) {
                out.printf("  fleet    %s: controlled by this serve or another manager (one at a time)%n",
                        fleet.fleet().describe());
            }
            for (Schedule s : schedules.schedules()) {
                out.printf("  schedule %s: '%s' (%s) %s, next %s%n", s.name(), s.cron(), s.zone(), s.spec(),
                        NEXT.format(schedules.next(s)));
            }
            out.println("Stop with Ctrl-C: runs in progress end STOPPED ('benchfleet restart ID' continues them).");
            out.flush();
            lifecycle.awaitShutdown();
            out.println("benchfleet serve stopped");
            out.flush();
            return ExitCodes.OK;
        }
    }
}
