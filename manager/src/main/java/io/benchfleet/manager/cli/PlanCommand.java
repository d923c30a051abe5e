package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.fleet.FleetPlan;
import io.benchfleet.manager.fleet.FleetProperties;
import io.benchfleet.manager.run.HistoricalDurations;
import io.benchfleet.manager.run.PreparedRun;
import io.benchfleet.manager.run.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.core.NestedExceptionUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code benchfleet plan}: what a run of a spec will take, before starting it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what a run would take without starting it: partitions, hosts, slots, waves, expected "
                + "wall time (trial durations from earlier runs of the spec, else its estimatedTrialSec), EC2 and "
                + "LLM cost.",
                "Example: benchfleet plan --spec job-definitions/examples/terminal-bench-750.yaml --param "
                        + "maxHosts=200"},
        footer = {"", "Parameters (--param KEY=VALUE): the overrides of 'run' (attempts, tasks, agent, model, "
                + "harborImage, timeoutMultiplier, maxHosts, slotsPerHost); runId/runDate are accepted and ignored.",
                "Prices: benchfleet.fleet.instance-price-usd-per-hour (default 0.4032, m7i.2xlarge on-demand, "
                        + "us-east-1), benchfleet.fleet.spot-discount (0.6), benchfleet.fleet.startup-overhead (3m), "
                        + "benchfleet.fleet.llm-cost-per-trial-usd (used when there is no history).",
                "Without a reachable database the plan uses the spec's estimates only."})
public class PlanCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(PlanCommand.class);

    private static final String MEAN_COST = """
            SELECT count(*) AS trials, avg(cost_usd) AS mean
              FROM trial_result
             WHERE spec_name = ? AND model = ? AND cost_usd IS NOT NULL""";

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

    /** What the repository knows about earlier runs of the spec. */
    record History(ExpectedDurations durations, int tasksWithHistory, Double llmCostPerTrial, long costTrials,
            String database, String note) {
    }

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        BenchmarkSpec spec = validate();
        FleetProperties fleet = fleetProperties();
        History history = history(spec);
        PartitionPlan partitions = new PartitionPlanner().plan(spec, history.durations());
        List<Long> seconds = partitions.partitions().stream().map(Partition::expectedSeconds).toList();
        Double llmPerTrial = spec.model() == null ? Double.valueOf(0)
                : history.llmCostPerTrial() != null ? history.llmCostPerTrial() : fleet.llmCostPerTrialUsd();
        String llmSource = spec.model() == null ? "agent " + spec.agent() + " calls no model"
                : history.llmCostPerTrial() != null ? "mean of " + history.costTrials() + " earlier trials with "
                + spec.model()
                : fleet.llmCostPerTrialUsd() != null ? "configured estimate (benchfleet.fleet.llm-cost-per-trial-usd)"
                : "no history for " + spec.model() + "; set benchfleet.fleet.llm-cost-per-trial-usd";
        FleetPlan plan = FleetPlan.of(seconds, fleet.capHosts(spec.fleet().maxHosts()), spec.fleet().slotsPerHost(),
                fleet.startupOverhead(), fleet.instancePriceUsdPerHour(), fleet.spotDiscount(), llmPerTrial);
        String durationSource = history.tasksWithHistory() == 0
                ? "spec estimate " + spec.estimatedTrialSec() + " s per trial (no history)"
                : "history for " + history.tasksWithHistory() + " of " + spec.tasks().size() + " tasks"
                + (history.tasksWithHistory() < spec.tasks().size() ? ", spec estimate " + spec.estimatedTrialSec()
                + " s for the rest" : "");
        if (json) {
            out.println(toJson(spec, plan, partitions, durationSource, llmSource, history));
        } else {
            print(out, spec, plan, partitions, durationSource, llmSource, history);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The spec with the run's overrides, checked like {@code run} does: any problem is a bad input (exit 2). */
    private BenchmarkSpec validate() {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : params.entrySet()) {
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

    private History history(BenchmarkSpec spec) {
        try (ManagerRuntime runtime = ManagerRuntime.start(parent.env(), parent.stateDir(), null,
                StatusCommand.withoutWorkers(parent.extraProperties()))) {
            JdbcTemplate jdbc = runtime.bean(JdbcTemplate.class);
            ExpectedDurations durations = new HistoricalDurations(jdbc).forSpec(spec.name());
            int known = (int) spec.tasks().stream().filter(t -> durations.expectedSeconds(t).isPresent()).count();
            Double mean = null;
            long trials = 0;
            if (spec.model() != null) {
                Map<String, Object> row = jdbc.queryForMap(MEAN_COST, spec.name(), spec.model());
                trials = ((Number) row.get("trials")).longValue();
                mean = trials == 0 ? null : ((Number) row.get("mean")).doubleValue();
            }
            return new History(durations, known, mean, trials, runtime.databaseDescription(), null);
        } catch (RuntimeException e) {
            log.warn("plan without history: database unreachable", e);
            return new History(ExpectedDurations.NONE, 0, null, 0, null, "database unreachable ("
                    + firstLine(rootMessage(e)) + "): plan from the spec's estimates only");
        }
    }

    private static void print(PrintWriter out, BenchmarkSpec spec, FleetPlan plan, PartitionPlan partitions,
            String durationSource, String llmSource, History history) {
        out.printf("Plan for spec %s: %d tasks x %d attempts%n", spec.name(), spec.tasks().size(), spec.attempts());
        row(out, "partitions", Integer.toString(plan.partitions()));
        row(out, "hosts", plan.hosts() + "  (min(maxHosts " + plan.maxHosts() + ", ceil(" + plan.partitions() + " / "
                + plan.slotsPerHost() + ")))");
        row(out, "slots per host", Integer.toString(plan.slotsPerHost()));
        row(out, "total slots", Integer.toString(plan.totalSlots()));
        row(out, "waves", Integer.toString(plan.waves()));
        row(out, "trial durations", durationSource + "; longest " + partitions.longestExpectedSeconds() + " s, sum "
                + hours(partitions.expectedTrialSeconds()) + " trial-hours");
        row(out, "wall time", ProgressLine.clock(Duration.ofSeconds(plan.wallSeconds())) + "  (makespan "
                + ProgressLine.clock(Duration.ofSeconds(plan.makespanSeconds())) + " + start-up "
                + ProgressLine.clock(Duration.ofSeconds(plan.startupSeconds())) + ")");
        row(out, "EC2 cost", usd(plan.ec2SpotUsd()) + " spot, " + usd(plan.ec2OnDemandUsd()) + " on-demand  ("
                + String.format(Locale.ROOT, "%.2f", plan.hostHours()) + " host-hours at "
                + String.format(Locale.ROOT, "$%.4f", plan.instancePriceUsdPerHour()) + "/h, spot "
                + Math.round(plan.spotDiscount() * 100) + "% off)");
        row(out, "LLM cost", plan.llmCostUsd() == null ? "unknown (" + llmSource + ")"
                : usd(plan.llmCostUsd()) + "  (" + String.format(Locale.ROOT, "$%.4f", plan.llmCostPerTrialUsd())
                + " per trial: " + llmSource + ")");
        row(out, "database", history.database() == null ? "-" : history.database());
        if (history.note() != null) {
            out.println("Note: " + history.note());
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-16s %s%n", name, value);
    }

    private static String toJson(BenchmarkSpec spec, FleetPlan plan, PartitionPlan partitions, String durationSource,
            String llmSource, History history) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("spec", spec.name());
        doc.put("tasks", spec.tasks().size());
        doc.put("attempts", spec.attempts());
        doc.put("partitions", plan.partitions());
        doc.put("hosts", plan.hosts());
        doc.put("maxHosts", plan.maxHosts());
        doc.put("slotsPerHost", plan.slotsPerHost());
        doc.put("totalSlots", plan.totalSlots());
        doc.put("waves", plan.waves());
        doc.put("makespanSeconds", plan.makespanSeconds());
        doc.put("startupOverheadSeconds", plan.startupSeconds());
        doc.put("wallSeconds", plan.wallSeconds());
        Map<String, Object> durations = new LinkedHashMap<>();
        durations.put("source", durationSource);
        durations.put("tasksWithHistory", history.tasksWithHistory());
        durations.put("estimatedTrialSec", spec.estimatedTrialSec());
        durations.put("longestSeconds", partitions.longestExpectedSeconds());
        durations.put("totalTrialSeconds", partitions.expectedTrialSeconds());
        doc.put("trialDurations", durations);
        Map<String, Object> ec2 = new LinkedHashMap<>();
        ec2.put("instancePriceUsdPerHour", plan.instancePriceUsdPerHour());
        ec2.put("spotDiscount", plan.spotDiscount());
        ec2.put("hostHours", round(plan.hostHours(), 4));
        ec2.put("onDemandUsd", round(plan.ec2OnDemandUsd(), 2));
        ec2.put("spotUsd", round(plan.ec2SpotUsd(), 2));
        doc.put("ec2", ec2);
        Map<String, Object> llm = new LinkedHashMap<>();
        llm.put("costPerTrialUsd", plan.llmCostPerTrialUsd() == null ? null : round(plan.llmCostPerTrialUsd(), 6));
        llm.put("costUsd", plan.llmCostUsd() == null ? null : round(plan.llmCostUsd(), 2));
        llm.put("source", llmSource);
        doc.put("llm", llm);
        doc.put("database", history.database());
        doc.put("note", history.note());
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(doc);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String usd(double value) {
        return String.format(Locale.ROOT, "$%,.2f", value);
    }

    private static String hours(long seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds / 3600.0);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse(s);
    }
}
