package io.benchfleet.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.benchfleet.manager.it.CliRun;
import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.RepositoryRows;
import io.benchfleet.worker.host.HostStart;
import io.benchfleet.worker.host.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code benchfleet plan}: hosts, waves, wall time and cost before a run, from history where there is some. */
class PlanCommandTest {

    static final Path REFERENCE = Path.of("../job-definitions/examples/terminal-bench-750.yaml");

    @TempDir
    Path stateDir;

    private TestDatabase db;

    @BeforeEach
    void database() {
        db = new TestDatabase();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private CliRun plan(Map<String, Object> extra, String... args) {
        Map<String, Object> props = new LinkedHashMap<>(db.properties());
        props.putAll(extra);
        String[] all = new String[args.length + 3];
        all[0] = "--state-dir";
        all[1] = stateDir.toString();
        all[2] = "plan";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.execute(db.env(), props, all);
    }

    @Test
    void theReferenceRunWithoutHistoryIsPlannedFromTheSpecsEstimate() {
        CliRun run = plan(Map.of(), "--spec", REFERENCE.toString(), "--param", "maxHosts=200");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Plan for spec terminal-bench-750: 75 tasks x 10 attempts")
                .contains("partitions       750")
                .contains("hosts            188  (min(maxHosts 200, ceil(750 / 4)))")
                .contains("slots per host   4")
                .contains("total slots      752")
                .contains("waves            1")
                .contains("spec estimate 600 s per trial (no history)")
                .contains("wall time        00:13:00  (makespan 00:10:00 + start-up 00:03:00)")
                .contains("EC2 cost         $6.57 spot, $16.42 on-demand  (40.73 host-hours at $0.4032/h, spot "
                        + "60% off)")
                .contains("LLM cost         unknown (no real trials with anthropic/claude-opus-4-1 yet, simulated ones "
                        + "do not count; set benchfleet.fleet.llm-cost-per-trial-usd)");
    }

    @Test
    void fewerHostsMeanMoreWavesAndAConfiguredLlmEstimateIsUsed() throws Exception {
        CliRun run = plan(Map.of("benchfleet.fleet.llm-cost-per-trial-usd", "0.5"), "--spec", REFERENCE.toString(),
                "--param", "maxHosts=50", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertThat(json.get("hosts").asInt()).isEqualTo(50);
        assertThat(json.get("totalSlots").asInt()).isEqualTo(200);
        assertThat(json.get("waves").asInt()).isEqualTo(4);
        assertThat(json.get("makespanSeconds").asLong()).isEqualTo(2400);
        assertThat(json.get("wallSeconds").asLong()).isEqualTo(2580);
        assertThat(json.get("llm").get("costUsd").asDouble()).isEqualTo(375.0);
        assertThat(json.get("llm").get("source").asString()).startsWith("configured estimate");
    }

    @Test
    void historyOfEarlierRunsGivesTheTrialDurationsAndTheLlmCostPerTrial() throws Exception {
        Path spec = Files.writeString(stateDir.resolve("history.yaml"), """
                name: plan-history
                dataset: terminal-bench@2.0
                tasks: [alpha, beta, gamma]
                attempts: 4
                agent: claude-code
                model: anthropic/model-a
                estimatedTrialSec: 100
                fleet: {maxHosts: 2, slotsPerHost: 2}
                """);
        Map<String, Object> prices = Map.of("benchfleet.fleet.instance-price-usd-per-hour", "1.0",
                "benchfleet.fleet.startup-overhead", "60s");
        // The first plan creates the schema; there is no history yet.
        CliRun before = plan(prices, "--spec", spec.toString(), "--json");
        assertThat(before.exitCode()).as(before.out() + before.err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(before.out()).get("makespanSeconds").asLong())
                .isEqualTo(300);

        // alpha 300 s and 500 s (mean 400), beta 200 s, gamma none (spec: 100 s). Costs with model-a: 0.5, 1.5, 1.0;
        // a trial with another model costs 100 and is not counted; an INFRA failure's duration is not counted; nor
        // is anything a rehearsal's simulated trials invented (gamma 5000 s, a cost of 50).
        history("alpha", 1, 300_000, "anthropic/model-a", 0.5, "NONE");
        history("gamma", 1, 5_000_000, "anthropic/model-a", 50.0, "NONE", "simulated");
        history("alpha", 3, 5_000_000, "anthropic/model-a", 50.0, "NONE", "simulated");
        history("alpha", 2, 500_000, "anthropic/model-a", 1.5, "AGENT");
        history("beta", 1, 200_000, "anthropic/model-a", 1.0, "NONE");
        history("beta", 2, 200_000, "anthropic/model-b", 100.0, "NONE");
        history("beta", 3, 9_000_000, "anthropic/model-a", null, "INFRA");

        CliRun run = plan(prices, "--spec", spec.toString(), "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        // 12 partitions on min(2, ceil(12 / 2)) = 2 hosts x 2 slots = 4 slots: 3 waves. Longest first: the four
        // 400 s trials take the 4 slots, then four 200 s (all free at 400: 600), then four 100 s (700).
        assertThat(json.get("partitions").asInt()).isEqualTo(12);
        assertThat(json.get("hosts").asInt()).isEqualTo(2);
        assertThat(json.get("totalSlots").asInt()).isEqualTo(4);
        assertThat(json.get("waves").asInt()).isEqualTo(3);
        assertThat(json.get("makespanSeconds").asLong()).isEqualTo(700);
        assertThat(json.get("wallSeconds").asLong()).isEqualTo(760);
        assertThat(json.get("trialDurations").get("tasksWithHistory").asInt()).isEqualTo(2);
        // 2 hosts x 760 s = 0.4222 host-hours at $1/h; spot 40%: $0.17.
        assertThat(json.get("ec2").get("hostHours").asDouble()).isEqualTo(0.4222);
        assertThat(json.get("ec2").get("onDemandUsd").asDouble()).isEqualTo(0.42);
        assertThat(json.get("ec2").get("spotUsd").asDouble()).isEqualTo(0.17);
        // Mean cost with model-a: (0.5 + 1.5 + 1.0) / 3 = 1.0 per trial x 12.
        assertThat(json.get("llm").get("costPerTrialUsd").asDouble()).isEqualTo(1.0);
        assertThat(json.get("llm").get("costUsd").asDouble()).isEqualTo(12.0);
        assertThat(json.get("llm").get("source").asString()).isEqualTo("mean of 3 earlier trials with "
                + "anthropic/model-a");

        CliRun table = plan(prices, "--spec", spec.toString());
        assertThat(table.out()).contains("history for 2 of 3 tasks, spec estimate 100 s for the rest")
                .contains("wall time        00:12:40  (makespan 00:11:40 + start-up 00:01:00)")
                .contains("LLM cost         $12.00  ($1.0000 per trial: mean of 3 earlier trials with "
                        + "anthropic/model-a)");
    }

    private long ids = 1000;

    private void history(String task, int attempt, long durationMs, String model, Double cost, String failure) {
        history(task, attempt, durationMs, model, cost, failure, "docker");
    }

    private void history(String task, int attempt, long durationMs, String model, Double cost, String failure,
            String executor) {
        long id = ids++;
        db.jdbc().update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) "
                + "VALUES (?, 0, 'benchmarkJob', ?)", id, "k" + id);
        db.jdbc().update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, "
                + "status) VALUES (?, 0, ?, now(), 'COMPLETED')", id, id);
        db.jdbc().update("INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id,"
                + " create_time, status) VALUES (?, 0, ?, ?, now(), 'COMPLETED')", id,
                "trial:" + task + "__a0" + attempt, id);
        db.jdbc().update("INSERT INTO trial_result (job_instance_id, job_execution_id, step_execution_id, spec_name,"
                + " partition_key, task, attempt, model, passed, failure_class, cost_usd, duration_ms, host, executor) "
                + "VALUES (?, ?, ?, 'plan-history', ?, ?, ?, ?, false, ?, ?, ?, 'h', ?)", id, id, id,
                task + "__a0" + attempt, task, attempt, model, failure, cost, durationMs, executor);
    }

    @Test
    void theMedianBootToReadyOfTheGroupsRecentHostsReplacesTheConfiguredStartUp() throws Exception {
        CliRun before = plan(Map.of(), "--spec", REFERENCE.toString());
        assertThat(before.out()).contains("start-up         00:03:00  (configured benchfleet.fleet.startup-overhead; "
                + "no host of group default has measured its boot-to-ready yet)");

        // Three hosts of group default measured 40 s, 55 s (from their instance launch) and 300 s (a kernel boot, off
        // EC2), started 3, 2 and 1 hours ago; one registered without a measurement yet, one of another group 10 s.
        WorkerRegistry registry = new WorkerRegistry(db.jdbc());
        host(registry, "w1", "default", 3, new HostStart.BootToReady(40, HostStart.INSTANCE_LAUNCH));
        host(registry, "w2", "default", 2, new HostStart.BootToReady(55, HostStart.INSTANCE_LAUNCH));
        host(registry, "w3", "default", 1, new HostStart.BootToReady(300, HostStart.KERNEL_BOOT));
        host(registry, "w4", "default", 0, null);
        host(registry, "x1", "other", 0, new HostStart.BootToReady(10, HostStart.INSTANCE_LAUNCH));

        CliRun run = plan(Map.of(), "--spec", REFERENCE.toString());

        // median of 40, 55, 300 = 55 s; the reference run's makespan 600 s + 55 s = 655 s
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("wall time        00:10:55  (makespan 00:10:00 + start-up 00:00:55)")
                .contains("start-up         00:00:55  (median boot-to-ready measured over 3 hosts of group default "
                        + "(instance launch or kernel boot to taking partitions))");

        // only the 2 most recently started: w3 300 s and w2 55 s, median (55 + 300) / 2 = 177.5, rounded 178
        CliRun recent = plan(Map.of("benchfleet.fleet.boot-to-ready-hosts", "2"), "--spec", REFERENCE.toString(),
                "--json");
        JsonNode json = JsonMapper.builder().build().readTree(recent.out());
        assertThat(json.get("startupOverheadSeconds").asLong()).isEqualTo(178);
        assertThat(json.get("startupMeasuredHosts").asInt()).isEqualTo(2);
        assertThat(json.get("wallSeconds").asLong()).isEqualTo(778);
    }

    private void host(WorkerRegistry registry, String id, String group, int hoursAgo,
            HostStart.BootToReady measured) {
        registry.register(new WorkerRegistry.Registration(id, group, null, 4, "docker", "dev"));
        if (measured != null) {
            registry.ready(id, measured);
        }
        db.jdbc().update("UPDATE worker_host SET started_at = now() - make_interval(hours => ?) WHERE host_id = ?",
                hoursAgo, id);
    }

    @Test
    void thePlanShowsTheShareOfTheRegisteredSlotsTheRunWouldGetBesideTheActiveRuns() {
        CliRun cold = plan(Map.of(), "--spec", REFERENCE.toString());
        assertThat(cold.out()).contains("fleet share      none yet (no worker host of group 'default' takes "
                + "partitions; priority normal)");

        // 3 hosts x 4 slots = 12; an active high run with 10 queued partitions
        WorkerRegistry registry = new WorkerRegistry(db.jdbc());
        for (String id : List.of("w1", "w2", "w3")) {
            registry.register(new WorkerRegistry.Registration(id, "default", null, 4, "docker", "dev"));
            registry.beat(id, 4, 0, null);
        }
        RepositoryRows rows = new RepositoryRows(db);
        long[] high = rows.run("STARTED");
        rows.managerLease(high[0], high[1], 1, 0);
        for (int i = 0; i < 10; i++) {
            rows.partition(high[1], "t" + i, "STARTING");
        }
        db.jdbc().update("INSERT INTO run_fleet (job_execution_id, max_hosts, priority) VALUES (?, 10, 2)", high[1]);

        // normal: the high run takes the 10 it can use first, 12 - 10 = 2 are left
        assertThat(plan(Map.of(), "--spec", REFERENCE.toString()).out())
                .contains("fleet share      2 of 12 slots (priority normal, 2 active runs) now");
        // high as well: an even 6 each, both need more
        CliRun equal = plan(Map.of(), "--spec", REFERENCE.toString(), "--param", "priority=high");
        assertThat(equal.exitCode()).as(equal.out() + equal.err()).isZero();
        assertThat(equal.out()).contains("fleet share      6 of 12 slots (priority high, 2 active runs) now");
        assertThat(plan(Map.of(), "--spec", REFERENCE.toString(), "--param", "priority=urgent").err())
                .contains("parameter 'priority': 'urgent' is not a priority: expected low, normal or high");
    }

    @Test
    void theDeploymentsMaxHostsCapsTheRunsMaxHosts() {
        Map<String, String> env = new LinkedHashMap<>(db.env());
        env.put("BENCHFLEET_MAX_HOSTS", "20");
        CliRun run = CliRun.execute(env, db.properties(), "--state-dir", stateDir.toString(), "plan", "--spec",
                REFERENCE.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // 750 partitions on 20 hosts x 4 = 80 slots: 10 waves (9 full, one of 30) of 600 s.
        assertThat(run.out()).contains("hosts            20  (min(maxHosts 20, ceil(750 / 4)))")
                .contains("waves            10").contains("makespan 01:40:00");
    }

    @Test
    void anUnreachableDatabaseStillGivesAPlanFromTheSpecWithANote() {
        CliRun run = CliRun.execute(Map.of("BENCHFLEET_DB_URL", "jdbc:postgresql://127.0.0.1:1/none"), Map.of(),
                "--state-dir", stateDir.toString(), "plan", "--spec", REFERENCE.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("hosts            188").contains("waves            1")
                .contains("Note: database unreachable (").contains("plan from the spec's estimates only")
                .contains("start-up         00:03:00  (configured benchfleet.fleet.startup-overhead; database "
                        + "unreachable (");
    }

    @Test
    void anUnknownParameterIsABadInput() {
        CliRun run = plan(Map.of(), "--spec", REFERENCE.toString(), "--param", "hosts=3");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("error: parameter 'hosts': unknown");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anInvalidSpecIsABadInputNamingTheFileAndField() throws Exception {
        Path bad = Files.writeString(stateDir.resolve("bad.yaml"), "name: x\ndataset: terminal-bench\nagent: "
                + "oracle\ntasks: [a]\n");
        CliRun run = plan(Map.of(), "--spec", bad.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("error: " + bad + ": dataset:");
    }

    @Test
    void theHelpExplainsTheCommandWithAnExample() {
        CliRun run = plan(Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: benchfleet plan").contains("Example: benchfleet plan");
    }
}
