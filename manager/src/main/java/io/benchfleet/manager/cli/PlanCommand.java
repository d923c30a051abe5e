package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.fleet.FleetControlProperties;
import io.benchfleet.manager.fleet.FleetPlan;
import io.benchfleet.manager.fleet.FleetProperties;
import io.benchfleet.manager.fleet.FleetShares;
import io.benchfleet.manager.fleet.RunEstimate;
import io.benchfleet.manager.fleet.SpecHistory;
import io.benchfleet.manager.fleet.StartupOverhead;
import io.benchfleet.manager.fleet.WorkerHosts;
import io.benchfleet.manager.run.Elapsed;
import io.benchfleet.manager.run.PreparedRun;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunPriority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet plan}: what a run of a spec will take, before starting it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what a run would take without starting it: partitions, hosts, slots, waves, expected "
                + "wall time (trial durations from earlier runs of the spec, else its estimatedTrialSec), EC2 and "
                + "LLM cost; for a matrix spec also the partitions and cost of each configuration.",
                "Example: benchfleet plan --spec job-definitions/examples/terminal-bench-750.yaml --param "
                        + "maxHosts=200"},
        footer = {"", "Parameters (--param KEY=VALUE): the overrides of 'run' (attempts, tasks, configurations, agent, "
                + "model, harborImage, timeoutMultiplier, maxHosts, slotsPerHost); runId/runDate are accepted and ignored.",
                "Prices: benchfleet.fleet.instance-price-usd-per-hour (default 0.4032, m7i.2xlarge on-demand, "
                        + "us-east-1), benchfleet.fleet.spot-discount (0.6), benchfleet.fleet.llm-cost-per-trial-usd "
                        + "(used when there is no history).",
                "Start-up: the median boot-to-ready time of the group's recent hosts (worker registry, "
                        + "benchfleet.fleet.boot-to-ready-hosts 20), else benchfleet.fleet.startup-overhead (3m).",
                "Without a reachable database the plan uses the spec's estimates only."})
public class PlanCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(PlanCommand.class);

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "Benchmark spec (YAML).")
    Path specFile;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "Run parameter (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        BenchmarkSpec spec = validate();
        FleetProperties fleet = fleetProperties();
        RunPriority priority = priority();
        Known known = known(spec, fleet, priority);
        RunEstimate estimate = known.estimate();
        if (json) {
            out.println(Json.pretty(PlanDocument.of(estimate, known.share())));
        } else {
            print(out, estimate, known.share());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The spec with the run's overrides, checked like {@code run} does: any problem is a bad input (exit 2). */
    private BenchmarkSpec validate() {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (RunParameters.SETTING_KEYS.contains(p.getKey()) || RunParameters.REHEARSAL.equals(p.getKey())) {
                continue;
            }
            if (RunParameters.IDENTITY_KEYS.contains(p.getKey())) {
                if (p.getValue() == null || p.getValue().isBlank()) {
                    throw new BadInputException("parameter '" + p.getKey() + "' needs a value");
                }
                continue;
            }
            overrides.put(p.getKey(), p.getValue());
        }
        return PreparedRun.of(specFile, overrides).spec();
    }

    /** {@code benchfleet.fleet.*} from the command's properties and the environment (no database needed). */
    private FleetProperties fleetProperties() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env",
                new LinkedHashMap<>(parent.env())));
        environment.getPropertySources().addFirst(new MapPropertySource("benchfleet-command",
                new LinkedHashMap<>(parent.extraProperties())));
        // As application.yml: the deployment's cap from the manager's env file.
        environment.getPropertySources().addLast(new MapPropertySource("defaults",
                Map.of("benchfleet.fleet.max-hosts", "${BENCHFLEET_MAX_HOSTS:}")));
        try {
            return Binder.get(environment).bind("benchfleet.fleet", FleetProperties.class)
                    .orElseGet(FleetProperties::defaults);
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            throw new BadInputException("benchfleet.fleet configuration: " + t.getMessage());
        }
    }

    /**
     * What the repository knows for the plan: the spec's history, the fleet's measured start-up, and the share of
     * the registered slots the run would get now beside the active runs.
     */
    private record Known(RunEstimate estimate, String share) {
    }

    /** The run's priority as {@code run} would give it: {@code --param priority}, else low for a rehearsal. */
    private RunPriority priority() {
        String given = params.get(RunParameters.PRIORITY);
        if (given == null) {
            return "true".equals(params.get(RunParameters.REHEARSAL)) ? RunPriority.LOW : RunPriority.NORMAL;
        }
        try {
            return RunPriority.parse(given);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("parameter 'priority': " + e.getMessage());
        }
    }

    private static String share(FleetShares shares, RunEstimate estimate, RunPriority priority, String group) {
        FleetShares.Share share = shares.forNewRun(estimate.fleet().partitions(), priority,
                estimate.fleet().maxHosts());
        return share == null ? "none yet (no worker host of group '" + group + "' takes partitions; priority "
                + priority.label() + ")" : share.describe() + " now";
    }

    /**
     * The spec's history and the group's measured boot-to-ready time in the repository; none (the spec's estimates,
     * the configured start-up), and why, when the database cannot be reached.
     */
    private Known known(BenchmarkSpec spec, FleetProperties fleet, RunPriority priority) {
        try (ManagerRuntime runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), null,
                StatusCommand.withoutWorkers(parent.extraProperties()))) {
            SpecHistory history = SpecHistory.read(spec, runtime.bean(JdbcTemplate.class),
                    runtime.databaseDescription());
            String group = runtime.bean(FleetControlProperties.class).groupOf(fleet);
            StartupOverhead startup = StartupOverhead.of(runtime.bean(WorkerHosts.class).bootToReady(group,
                    fleet.bootToReadyHosts()), fleet, group);
            RunEstimate estimate = RunEstimate.of(spec, fleet, history, startup);
            return new Known(estimate, share(runtime.bean(FleetShares.class), estimate, priority, group));
        } catch (RuntimeException e) {
            log.warn("plan without history: database unreachable", e);
            String why = "database unreachable (" + Messages.rootMessage(e) + ")";
            return new Known(RunEstimate.of(spec, fleet, SpecHistory.none(why + ": plan from the spec's estimates "
                    + "only"), StartupOverhead.configured(fleet, why)), "unknown (" + why + ")");
        }
    }

    private static void print(PrintWriter out, RunEstimate estimate, String share) {
        BenchmarkSpec spec = estimate.spec();
        FleetPlan plan = estimate.fleet();
        PartitionPlan partitions = estimate.partitions();
        String llmSource = estimate.llmSource();
        SpecHistory history = estimate.history();
        out.printf("Plan for spec %s: %s%d tasks x %d attempts%n", spec.name(), spec.isMatrix()
                ? spec.matrix().size() + " configurations x " : "", spec.tasks().size(), spec.attempts());
        row(out, "partitions", Integer.toString(plan.partitions()));
        row(out, "hosts", plan.hosts() + "  (min(maxHosts " + plan.maxHosts() + ", ceil(" + plan.partitions() + " / "
                + plan.slotsPerHost() + ")))");
        row(out, "slots per host", Integer.toString(plan.slotsPerHost()));
        row(out, "total slots", Integer.toString(plan.totalSlots()));
        row(out, "waves", Integer.toString(plan.waves()));
        row(out, "trial durations", estimate.durationSource() + "; longest " + partitions.longestExpectedSeconds() + " s, sum "
                + hours(partitions.expectedTrialSeconds()) + " trial-hours");
        row(out, "wall time", Elapsed.clock(Duration.ofSeconds(plan.wallSeconds())) + "  (makespan "
                + Elapsed.clock(Duration.ofSeconds(plan.makespanSeconds())) + " + start-up "
                + Elapsed.clock(Duration.ofSeconds(plan.startupSeconds())) + ")");
        row(out, "start-up", Elapsed.clock(estimate.startup().duration()) + "  (" + estimate.startup().source()
                + ")");
        row(out, "EC2 cost", usd(plan.ec2SpotUsd()) + " spot, " + usd(plan.ec2OnDemandUsd()) + " on-demand  ("
                + String.format(Locale.ROOT, "%.2f", plan.hostHours()) + " host-hours at "
                + String.format(Locale.ROOT, "$%.4f", plan.instancePriceUsdPerHour()) + "/h, spot "
                + Math.round(plan.spotDiscount() * 100) + "% off)");
        row(out, "LLM cost", plan.llmCostUsd() == null ? "unknown (" + llmSource + ")"
                : usd(plan.llmCostUsd()) + "  (" + String.format(Locale.ROOT, "$%.4f", plan.llmCostPerTrialUsd())
                + " per trial: " + llmSource + ")");
        if (spec.isMatrix()) {
            out.println("  configurations");
            for (RunEstimate.ConfigurationEstimate c : estimate.configurations()) {
                out.printf("    %-16s %d partitions, %s trial-hours, LLM %s, EC2 %s spot  (%s %s)%n", c.name(),
                        c.partitions(), hours(c.trialSeconds()), c.llmCostUsd() == null ? "unknown (" + c.llmSource()
                                + ")" : usd(c.llmCostUsd()) + " (" + c.llmSource() + ")", usd(c.ec2SpotUsd()),
                        c.agent(), c.model() == null ? "" : c.model());
            }
        }
        row(out, "fleet share", share);
        row(out, "database", history.database() == null ? "-" : history.database());
        if (history.note() != null) {
            out.println("Note: " + history.note());
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-16s %s%n", name, value);
    }

    private static String usd(double value) {
        return String.format(Locale.ROOT, "$%,.2f", value);
    }

    private static String hours(long seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds / 3600.0);
    }
}
