package io.benchfleet.manager.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import io.benchfleet.jobdefs.workload.HeavyTailedWorkload;
import io.benchfleet.jobdefs.workload.TrialDurations;
import io.benchfleet.manager.cli.ManagerRuntime;
import io.benchfleet.manager.it.LoopbackCluster;
import io.benchfleet.manager.run.PartitionProgressQuery;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Fleet-scale benchmark (not a test): the real manager ({@code java -jar benchfleet.jar run}), a real SQS protocol
 * server (ElasticMQ in its own JVM) and up to 200 simulated worker hosts ({@link SimulatedHostGroup}, 25 hosts per
 * JVM), all on loopback against the real PostgreSQL, replaying a heavy-tailed workload of 750 trials with time scaled
 * down. For each fleet size and dispatch order it prints enqueue time, per-partition overhead p50/p95, makespan,
 * lower bound, their ratio, the manager's statements per second against PostgreSQL and peak connections; at the end a
 * table of all runs (also written to {@code target/bench/fleet-benchmark.md}).
 *
 * <p>System properties (defaults in brackets): {@code bench.hosts} [10,100,150,200] fleet sizes, grown in this order;
 * {@code bench.slots} [4] slots per host; {@code bench.orders} [plan,history]: plan order (no history) and
 * longest-expected-first from a previous night's durations of the same spec; {@code bench.timeScale} [60]: 60 runs a
 * 15-minute trial in 15 s; {@code bench.workload}: a workload CSV to replay (else one is generated from
 * {@code bench.median} [5m], {@code bench.taskSigma} [0.7], {@code bench.attemptSigma} [0.35], {@code bench.max}
 * [25m], {@code bench.seed} [42] and written to {@code target/bench/workload.csv}); {@code bench.spec} [the
 * 750-partition example]; {@code bench.hostsPerJvm} [25]; {@code bench.poolSize} [3] worker connection pool (terraform's
 * default); {@code bench.pollInterval} [2s] the manager's polling interval; {@code bench.hostNice} [10] the CPU priority
 * ({@code nice}) of the simulated hosts, so that their CPU contention - on a real fleet each host's own - does not slow
 * the manager, the SQS server and PostgreSQL, which in production run on machines of their own (0: same priority);
 * {@code bench.warmUp} [true]: after the fleet grows, {@code bench.warmUpRuns} [3] unmeasured runs of about
 * {@code bench.warmUpPerHost} [the slots] trials per host warm the new JVMs (classes loaded, the per-partition code
 * compiled), so that plan and history order are measured alike; {@code bench.growthAttempts} [134]: after the 750-trial
 * runs, one run on the largest fleet of every task with that many attempts (75 x 134 = 10,050 partitions, plan
 * order, the same workload model), the growth row (0: none); {@code bench.pollTimeout} [the worker's default] the
 * hosts' SQS long poll; {@code bench.hostJvmOptions} [none] more options for the simulated host JVMs (their
 * {@code JAVA_TOOL_OPTIONS}), e.g. {@code -XX:CompileThresholdScaling=0.1} to measure hosts whose code the warm-up has
 * compiled; {@code bench.sendersInFlight} [the manager's default] the manager's SQS send batches in flight while it
 * dispatches ({@code benchfleet.manager.senders-in-flight}); {@code bench.jfr}: a directory where each manager
 * process leaves a JDK Flight Recorder recording ({@code settings=profile}) for profiling. Every row also gives the manager's poll statement time (its
 * progress query on the finished run).
 */
public final class FleetBenchmark {

    private static final Path OUT = LoopbackCluster.MODULE.resolve("target/bench");

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> fleetSizes = Arrays.stream(System.getProperty("bench.hosts", "10,100,150,200").split(","))
                .map(String::strip).map(Integer::parseInt).sorted().toList();
        int slots = Integer.getInteger("bench.slots", 4);
        List<String> orders = List.of(System.getProperty("bench.orders", "plan,history").split(","));
        double timeScale = Double.parseDouble(System.getProperty("bench.timeScale", "60"));
        int hostsPerJvm = Integer.getInteger("bench.hostsPerJvm", 25);
        int poolSize = Integer.getInteger("bench.poolSize", 3);
        int hostNice = Integer.getInteger("bench.hostNice", 10);
        boolean warmUp = Boolean.parseBoolean(System.getProperty("bench.warmUp", "true"));
        int warmUpPerHost = Integer.getInteger("bench.warmUpPerHost", slots);
        int warmUpRuns = Integer.getInteger("bench.warmUpRuns", 3);
        String pollInterval = System.getProperty("bench.pollInterval", "2s");
        int growthAttempts = Integer.getInteger("bench.growthAttempts", 134);
        String specProperty = System.getProperty("bench.spec");
        Path specFile = (specProperty == null
                ? LoopbackCluster.MODULE.resolve("../job-definitions/examples/terminal-bench-750.yaml")
                : Path.of(specProperty)).toAbsolutePath().normalize();
        for (String order : orders) {
            if (!order.equals("plan") && !order.equals("history")) {
                throw new IllegalArgumentException("bench.orders: '" + order + "' is not an order (plan, history)");
            }
        }
        Files.createDirectories(OUT);

        BenchmarkSpec spec = new BenchmarkSpecReader().read(specFile);
        PartitionPlan plan = new PartitionPlanner().plan(spec, ExpectedDurations.NONE);
        TrialDurations workload = workload(plan);
        TrialDurations previousNight = previousNight(plan);
        TrialDurations scaled = workload.scaledDown(timeScale);
        // the growth run's spec: the same tasks, growthAttempts attempts each (75 x 134 = 10,050 partitions)
        Path growthSpec = growthAttempts > 0 ? growthSpec(specFile, growthAttempts) : null;
        TrialDurations growth = growthSpec == null ? null
                : withGrowth(workload, new PartitionPlanner().plan(new BenchmarkSpecReader().read(growthSpec),
                        ExpectedDurations.NONE));
        Path workloadFile = OUT.resolve("workload.csv");
        (growth == null ? workload : growth).write(workloadFile);
        System.out.printf(Locale.ROOT, "workload: %d trials, longest %s, total %.1f trial-hours, time scale 1:%.0f "
                + "(written to %s)%n", workload.size(), workload.longest(), workload.total().toSeconds() / 3600.0,
                timeScale, workloadFile);

        LoopbackCluster.Settings settings = new LoopbackCluster.Settings("bench", "bench-partitions", 60, 3,
                Duration.ofSeconds(90), Duration.ofSeconds(30));
        List<Result> results = new ArrayList<>();
        try (LoopbackCluster cluster = new LoopbackCluster("fleet", settings)) {
            JdbcTemplate jdbc = cluster.db.jdbc();
            requireConnections(jdbc, fleetSizes.get(fleetSizes.size() - 1) * poolSize + 20);
            cluster.startSqs();
            Map<String, String> hostEnv = cluster.baseEnv();
            hostEnv.put("BENCHFLEET_WORKER_SLOTS", Integer.toString(slots));
            hostEnv.put("BENCHFLEET_WORKER_EXECUTOR", "simulated");
            hostEnv.put("BENCHFLEET_WORKER_SIMULATED_DURATIONS_FILE", workloadFile.toString());
            hostEnv.put("BENCHFLEET_WORKER_SIMULATED_TIME_SCALE", Double.toString(timeScale));
            hostEnv.put("BENCHFLEET_WORKER_SIMULATED_INFRA_FAILURE_RATE", "0");
            hostEnv.put("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE", Integer.toString(poolSize));
            hostEnv.put("BENCH_JOBS_ROOT", cluster.stateDir.toString());
            hostEnv.put("LOGGING_LEVEL_ROOT", "WARN");
            hostEnv.put("LOGGING_LEVEL_IO_BENCHFLEET", "WARN");
            String hostJvmOptions = System.getProperty("bench.hostJvmOptions", "");
            if (!hostJvmOptions.isBlank()) {
                hostEnv.put("JAVA_TOOL_OPTIONS", hostJvmOptions);
            }
            String pollTimeout = System.getProperty("bench.pollTimeout");
            if (pollTimeout != null) {
                hostEnv.put("BENCHFLEET_WORKER_POLL_TIMEOUT", pollTimeout);
            }

            // the schema is migrated by the first process to start; every later one finds it current
            migrate(cluster);
            List<String> hosts = new ArrayList<>();
            List<ProcessHandle> hostProcesses = new ArrayList<>();
            List<String> hostGroups = new ArrayList<>();
            HostSqsRequests.register();
            CpuMeter cpu = cpuMeter(cluster, hostProcesses);
            ManagerRuntime reader = null;
            try {
                for (int fleet : fleetSizes) {
                    if (grow(cluster, hostEnv, hosts, hostProcesses, hostGroups, fleet, hostsPerJvm, hostNice) && warmUp) {
                        for (int i = 1; i <= warmUpRuns; i++) {
                            warmUp(cluster, specFile, plan, scaled, fleet, slots, warmUpPerHost, pollInterval, i);
                        }
                    }
                    if (reader == null) {
                        reader = ManagerRuntime.start(Map.of("BENCHFLEET_DB_URL", cluster.db.url(),
                                "BENCHFLEET_DB_USER", "postgres"), cluster.stateDir, null, Map.of(
                                        "spring.flyway.enabled", "false",
                                        "benchfleet.sqs.endpoint", "http://127.0.0.1:1"));
                    }
                    for (String order : orders) {
                        String name = spec.name() + "-" + fleet + "-" + order;
                        if (order.equals("history")) {
                            seedHistory(jdbc, name, previousNight.scaledDown(timeScale), plan);
                        }
                        Path runSpec = specCopy(specFile, name, fleet, slots);
                        Result r = run(cluster, reader, cpu, hostGroups, runSpec, name, fleet, slots, order, scaled,
                                pollInterval);
                        results.add(r);
                        print(r, timeScale);
                    }
                }
                if (growthSpec != null) {
                    int fleet = fleetSizes.get(fleetSizes.size() - 1);
                    String name = spec.name() + "-" + fleet + "-growth";
                    Path runSpec = specCopy(growthSpec, name, fleet, slots);
                    Result r = run(cluster, reader, cpu, hostGroups, runSpec, name, fleet, slots, "plan", growth.scaledDown(
                            timeScale), pollInterval);
                    results.add(r);
                    print(r, timeScale);
                }
            } finally {
                if (reader != null) {
                    reader.close();
                }
            }
        }
        String table = table(results, timeScale, workload, slots, poolSize, hostNice, warmUp);
        System.out.println();
        System.out.println(table);
        Files.writeString(OUT.resolve("fleet-benchmark.md"), table);
        System.exit(0);
    }

    /** One measured run; {@code cpu}: CPU seconds per component during it. */
    record Result(int hosts, int slots, String order, RunFigures figures, int peakWorkers, int peakManager,
            int peakTotal, Map<String, Double> cpu, double pollMs, Map<String, Long> sqsRequests) {

        /** CPU milliseconds per partition of a component. */
        long cpuMsPerPartition(String component) {
            return Math.round(cpu.getOrDefault(component, 0.0) * 1000 / figures.partitions());
        }

        /** The hosts' SQS requests per partition, in all and by operation ({@code 3.1 (Receive 1.0, ...)}). */
        String sqsPerPartition() {
            double n = figures.partitions();
            return String.format(Locale.ROOT, "%.2f (%s)", sqsRequests.values().stream().mapToLong(Long::longValue)
                    .sum() / n, sqsRequests.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.2f",
                            e.getKey().replace("Message", ""), e.getValue() / n)).collect(Collectors.joining(", ")));
        }
    }

    static final List<String> COMPONENTS = List.of("hosts", "postgres", "sqs", "manager");

    /**
     * CPU time of the simulated hosts, of PostgreSQL (the postmaster with its backends: the parent of any backend),
     * of the SQS server and of the manager JVMs (this benchmark's ended children).
     */
    private static CpuMeter cpuMeter(LoopbackCluster cluster, List<ProcessHandle> hostProcesses) {
        // the parent of a backend whose connection is still open (a closed one's backend is gone at once)
        List<ProcessHandle> postmaster;
        SingleConnectionDataSource connection = new SingleConnectionDataSource(cluster.db.url(), "postgres", "", true);
        try {
            Long backend = new JdbcTemplate(connection).queryForObject("SELECT pg_backend_pid()", Long.class);
            postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).stream().toList();
        } finally {
            connection.destroy();
        }
        if (postmaster.isEmpty()) {
            System.out.println("cpu: PostgreSQL's processes are not visible from here (another host or container): "
                    + "its CPU reads 0");
        }
        ProcessHandle sqs = cluster.sqsProcess().toHandle();
        return new CpuMeter().add("hosts", () -> hostProcesses).add("postgres", () -> postmaster)
                .add("sqs", () -> List.of(sqs)).addEndedChildren("manager", ProcessHandle.current());
    }

    private static TrialDurations workload(PartitionPlan plan) {
        String file = System.getProperty("bench.workload");
        if (file != null && !file.isBlank()) {
            TrialDurations w = TrialDurations.read(Path.of(file));
            for (var p : plan.partitions()) {
                if (w.of(p.key()).isEmpty()) {
                    throw new IllegalArgumentException(file + ": partition " + p.key() + " of spec "
                            + plan.spec().name() + " has no duration (the workload must list every partition)");
                }
            }
            return w;
        }
        return model(Long.getLong("bench.seed", 42)).generate(plan);
    }

    /** What history knows: the same model, another night (another seed) - a prediction, not the answer. */
    private static TrialDurations previousNight(PartitionPlan plan) {
        return model(Long.getLong("bench.seed", 42) + 1000).generate(plan);
    }

    private static HeavyTailedWorkload model(long seed) {
        HeavyTailedWorkload d = HeavyTailedWorkload.TERMINAL_BENCH;
        return new HeavyTailedWorkload(duration("bench.median", d.median()),
                Double.parseDouble(System.getProperty("bench.taskSigma", Double.toString(d.taskSigma()))),
                Double.parseDouble(System.getProperty("bench.attemptSigma", Double.toString(d.attemptSigma()))),
                duration("bench.max", d.max()), seed);
    }

    private static Duration duration(String property, Duration fallback) {
        String v = System.getProperty(property);
        return v == null ? fallback : Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
    }

    private static void requireConnections(JdbcTemplate jdbc, int needed) {
        Integer max = jdbc.queryForObject("SELECT current_setting('max_connections')::int", Integer.class);
        if (max == null || max < needed) {
            throw new IllegalStateException("PostgreSQL max_connections is " + max + " but the largest fleet may hold "
                    + needed + " connections (hosts x bench.poolSize + 20), as on the RDS instance terraform creates "
                    + "(db_max_connections 1000): run psql -c 'ALTER SYSTEM SET max_connections = 1000' and restart "
                    + "PostgreSQL, or lower bench.hosts / bench.poolSize");
        }
    }

    /** Runs one manager process to completion just to migrate the schema (its 'list' finds no runs). */
    private static void migrate(LoopbackCluster cluster) {
        runManager(cluster, "migrating the benchmark schema", Map.of(), Duration.ofMinutes(2), "list");
    }

    /** {@code benchfleet <args>} as its own JVM, to completion within {@code limit}; anything but exit 0 throws. */
    private static void runManager(LoopbackCluster cluster, String what, Map<String, String> env, Duration limit,
            String... args) {
        String recordings = System.getProperty("bench.jfr");
        Map<String, String> managerEnv = new HashMap<>(env);
        if (recordings != null) {
            managerEnv.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename=" + Path.of(
                    recordings, "manager-" + System.currentTimeMillis() + ".jfr").toAbsolutePath());
        }
        Process manager = cluster.startManager(managerEnv, args);
        if (!LoopbackCluster.waitFor(manager, limit) || manager.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + (manager.isAlive() ? "-, still running after "
                    + limit : manager.exitValue()) + "): " + cluster.lastManagerOutput());
        }
    }

    /** Starts hosts until there are {@code fleet}; false when there were enough already. */
    private static boolean grow(LoopbackCluster cluster, Map<String, String> env, List<String> hosts,
            List<ProcessHandle> hostProcesses, List<String> hostGroups, int fleet, int hostsPerJvm, int niceness) {
        if (hosts.size() >= fleet) {
            return false;
        }
        Instant start = Instant.now();
        List<List<String>> groups = new ArrayList<>();
        while (hosts.size() < fleet) {
            List<String> group = new ArrayList<>();
            while (group.size() < hostsPerJvm && hosts.size() < fleet) {
                String host = String.format(Locale.ROOT, "host-%03d", hosts.size() + 1);
                hosts.add(host);
                group.add(host);
            }
            groups.add(group);
        }
        List<String> names = new ArrayList<>();
        for (List<String> group : groups) {
            String name = "hosts-" + group.get(0) + "-" + group.get(group.size() - 1);
            names.add(name);
            hostGroups.add(name);
            hostProcesses.add(cluster.startInWorkerJar(name, SimulatedHostGroup.class, group, env, "1g", niceness)
                    .toHandle());
        }
        int started = groups.stream().mapToInt(List::size).sum();
        LoopbackCluster.await(started + " new hosts to take partitions", Duration.ofMinutes(15), () -> {
            int ready = 0;
            for (String name : names) {
                String output = cluster.output(name);
                if (output.contains("APPLICATION FAILED TO START") || output.contains("Exception in thread \"main\"")) {
                    throw new IllegalStateException(name + " failed: " + output);
                }
                ready += count(output, "HOST-READY ");
            }
            return ready >= started;
        });
        System.out.printf(Locale.ROOT, "fleet: %d hosts x %s slots ready (%d started in %d s, at nice %d)%n",
                hosts.size(), env.get("BENCHFLEET_WORKER_SLOTS"), started,
                Duration.between(start, Instant.now()).toSeconds(), niceness);
        return true;
    }

    /**
     * Warm-up round {@code round}, a run that is not measured, about {@code perHost} trials per host (one per slot
     * unless {@code bench.warmUpPerHost} says otherwise), so that every measured run finds its hosts' JVMs warm
     * (classes loaded, code compiled, every slot's thread started) whichever order it tests: otherwise the first run
     * after the fleet grew pays the new JVMs' start-up on the benchmark's two cores, which on a real fleet each host
     * pays on its own. It runs every attempt of the tasks whose trials are shortest, so it is short at any time scale.
     * Code that runs once per partition is compiled (C1, the hosts' only tier) after about 200 calls, so a JVM of 25
     * hosts needs about 200 partitions: {@code bench.warmUpRuns} [3] rounds of one trial per slot give it 280-300.
     */
    private static void warmUp(LoopbackCluster cluster, Path specFile, PartitionPlan plan, TrialDurations workload,
            int hosts, int slots, int perHost, String pollInterval, int round) throws IOException {
        BenchmarkSpec spec = plan.spec();
        Map<String, Duration> longestOfTask = new HashMap<>();
        for (var p : plan.partitions()) {
            longestOfTask.merge(p.task(), workload.of(p.key()).orElseThrow(),
                    BinaryOperator.maxBy(Comparator.naturalOrder()));
        }
        int trials = hosts * perHost;
        int taskCount = Math.min(spec.tasks().size(), Math.max(1, (trials + spec.attempts() - 1) / spec.attempts()));
        List<String> tasks = longestOfTask.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .limit(taskCount).map(Map.Entry::getKey).toList();
        String name = spec.name() + "-" + hosts + "-warmup";
        Path runSpec = specCopy(specFile, name, hosts, slots);
        Instant start = Instant.now();
        runManager(cluster, "warm-up run " + name, Map.of("BENCHFLEET_MANAGER_POLL_INTERVAL", pollInterval),
                Duration.ofHours(1), "run", "--spec", runSpec.toString(), "--param", "runId=warmup-" + round, "--param",
                "tasks=" + String.join(",", tasks), "--param", "rehearsal=true");
        System.out.printf(Locale.ROOT, "warm-up %d: %d trials (the %d tasks with the shortest trials x %d attempts) in "
                + "%d s, not measured%n", round, tasks.size() * spec.attempts(), tasks.size(), spec.attempts(),
                Duration.between(start, Instant.now()).toSeconds());
    }

    private static int count(String text, String marker) {
        int n = 0;
        for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * A previous night's results of the spec {@code name}: one row per planned trial with its (scaled) duration, so
     * the manager's historical durations order this run longest-expected-first.
     */
    private static void seedHistory(JdbcTemplate jdbc, String name, TrialDurations night, PartitionPlan plan) {
        jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) VALUES "
                + "(nextval('batch_job_instance_seq'), 0, 'previous-night', md5(?))", name);
        Long instance = jdbc.queryForObject("SELECT max(job_instance_id) FROM batch_job_instance", Long.class);
        jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, "
                + "status, exit_code) VALUES (nextval('batch_job_execution_seq'), 0, ?, now(), 'COMPLETED', "
                + "'COMPLETED')", instance);
        Long execution = jdbc.queryForObject("SELECT max(job_execution_id) FROM batch_job_execution", Long.class);
        List<Long> ids = jdbc.queryForList("SELECT nextval('batch_step_execution_seq') FROM generate_series(1, ?)",
                Long.class, plan.partitions().size());
        List<Object[]> steps = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            var p = plan.partitions().get(i);
            steps.add(new Object[] {ids.get(i), "trial:" + p.key(), execution});
            rows.add(new Object[] {instance, execution, ids.get(i), name, p.key(), p.task(), p.attempt(),
                    night.of(p.key()).orElseThrow().toMillis()});
        }
        jdbc.batchUpdate("INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, "
                + "create_time, status, exit_code) VALUES (?, 0, ?, ?, now(), 'COMPLETED', 'COMPLETED')", steps);
        jdbc.batchUpdate("INSERT INTO trial_result (job_instance_id, job_execution_id, step_execution_id, spec_name, "
                + "partition_key, task, attempt, passed, failure_class, duration_ms, host) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, true, 'NONE', ?, 'previous-night')", rows);
    }

    /**
     * The spec with {@code attempts} attempts of each task (the growth run: 75 tasks x 134 = 10,050 partitions), its
     * task file named absolutely.
     */
    private static Path growthSpec(Path specFile, int attempts) throws IOException {
        String text = Files.readString(specFile).replaceFirst("(?m)^attempts:.*$", "attempts: " + attempts)
                .replaceFirst("(?m)^partitionTarget:.*$", "");
        text = withAbsoluteTaskFile(text, specFile);
        Path copy = OUT.resolve("growth-" + attempts + "-attempts.yaml");
        Files.writeString(copy, text);
        return copy;
    }

    /**
     * The workload the hosts replay when the benchmark also runs the growth spec: the 750 trials as they are, every
     * other partition of the growth plan drawn from the same model.
     */
    private static TrialDurations withGrowth(TrialDurations workload, PartitionPlan growthPlan) {
        Map<String, Duration> all = new HashMap<>(model(Long.getLong("bench.seed", 42)).generate(growthPlan).byKey());
        all.putAll(workload.byKey());
        return new TrialDurations(all);
    }

    /** The spec text {@code text} of {@code specFile} with its task file (relative to the spec) named absolutely. */
    private static String withAbsoluteTaskFile(String text, Path specFile) {
        Matcher taskFile = Pattern.compile("(?m)^taskFile:\\s*(\\S+)\\s*$").matcher(text);
        return !taskFile.find() ? text : taskFile.replaceFirst("taskFile: " + Matcher.quoteReplacement(
                specFile.getParent().resolve(taskFile.group(1)).toString()));
    }

    /** The spec under another name (its own history), sized to the fleet, tasks from the original's task file. */
    private static Path specCopy(Path specFile, String name, int hosts, int slots) throws IOException {
        String text = Files.readString(specFile);
        text = text.replaceFirst("(?m)^name:.*$", "name: " + name);
        text = withAbsoluteTaskFile(text, specFile);
        text = text.replaceFirst("(?m)^\\s*maxHosts:.*$", "  maxHosts: " + hosts)
                .replaceFirst("(?m)^\\s*slotsPerHost:.*$", "  slotsPerHost: " + slots);
        Path copy = OUT.resolve(name + ".yaml");
        Files.writeString(copy, text);
        return copy;
    }

    private static Result run(LoopbackCluster cluster, ManagerRuntime reader, CpuMeter cpu, List<String> hostGroups,
            Path spec, String name,
            int hosts, int slots, String order, TrialDurations scaled, String pollInterval) {
        Map<String, String> env = new HashMap<>();
        env.put("BENCHFLEET_MANAGER_POLL_INTERVAL", pollInterval);
        String senders = System.getProperty("bench.sendersInFlight");
        if (senders != null) {
            env.put("BENCHFLEET_MANAGER_SENDERS_IN_FLIGHT", senders);
        }
        System.out.printf(Locale.ROOT, "%nrun %s: %d hosts x %d slots, %s order ...%n", name, hosts, slots, order);
        Map<String, Double> cpuBefore = cpu.read();
        Map<String, Long> sqsBefore = HostSqsRequests.read(cluster, hostGroups);
        try (ConnectionSampler sampler = new ConnectionSampler(cluster.db.url())) {
            double samplerBefore = sampler.backendCpuSeconds();
            runManager(cluster, "benchmark run " + name, env, Duration.ofHours(3), "run", "--spec", spec.toString(),
                    "--param", "runId=bench", "--param", "rehearsal=true");
            long jobExecutionId = cluster.db.jdbc().queryForObject("SELECT max(job_execution_id) FROM "
                    + "batch_job_execution e JOIN batch_job_instance i USING (job_instance_id) WHERE i.job_name = "
                    + "'benchmarkJob'", Long.class);
            Map<String, Double> spent = CpuMeter.spent(cpuBefore, cpu.read());
            spent.merge("postgres", samplerBefore - sampler.backendCpuSeconds(), Double::sum);
            // one more line from every group after the run ended
            LoopbackCluster.pause(SqsRequestCounter.PRINT_INTERVAL.multipliedBy(3).dividedBy(2));
            Map<String, Long> sqs = HostSqsRequests.spent(sqsBefore, HostSqsRequests.read(cluster, hostGroups));
            RunFigures f = RunFigures.read(cluster.db.jdbc(), reader.bean(JobRepository.class), jobExecutionId,
                    scaled, hosts * slots);
            return new Result(hosts, slots, order, f, sampler.peakWorkers(), sampler.peakManager(),
                    sampler.peakTotal(), spent, pollMs(reader.bean(PartitionProgressQuery.class), jobExecutionId), sqs);
        }
    }

    /**
     * The manager's poll statement (the aggregate progress query it sends once per interval) on the finished run:
     * the median of 21 executions, in milliseconds; its cost grows with the run's partitions, not their state.
     */
    private static double pollMs(PartitionProgressQuery progress, long jobExecutionId) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long start = System.nanoTime();
            progress.forJobExecution(jobExecutionId);
            nanos.add(System.nanoTime() - start);
        }
        nanos.sort(null);
        return nanos.get(nanos.size() / 2) / 1e6;
    }

    private static void print(Result r, double timeScale) {
        RunFigures f = r.figures();
        System.out.printf(Locale.ROOT, "  partitions          %d planned, %d completed, on %d hosts%n", f.partitions(),
                f.completed(), f.hosts());
        System.out.printf(Locale.ROOT, "  planning            %d ms (job start -> first request sent: spec, history, "
                + "plan, step executions)%n", f.planningMs());
        System.out.printf(Locale.ROOT, "  enqueue %d         %d ms (first request sent -> last sent)%n",
                f.partitions(), f.enqueueMs());
        System.out.printf(Locale.ROOT, "  overhead/partition  worker-side p50 %s / p95 %s ms; sent->started p50 %s / "
                + "p95 %s ms; slot turnaround p50 %s / p95 %s ms%n", f.workerOverheadP50(), f.workerOverheadP95(),
                dash(f.startLatencyP50()), dash(f.startLatencyP95()), dash(f.turnaroundP50()),
                dash(f.turnaroundP95()));
        System.out.printf(Locale.ROOT, "  makespan            %s (lower bound %s, ratio %.3f; zero-overhead list "
                + "schedule of this order %s)%n", seconds(f.makespanMs()), seconds(f.lowerBoundMs()), f.ratio(),
                seconds(f.listScheduleMs()));
        RunFigures.LastToFinish last = f.last();
        System.out.printf(Locale.ROOT, "  last to finish      %s (%d. sent) on %s: sent +%s, %s, step started +%s, "
                + "trial +%s to +%s, step ended +%s (after the job's start)%n", last.key(), last.position(),
                last.host(), seconds(last.sentMs()), last.freedMs() < 0 ? "on a slot free from the start"
                        : "its host's slot freed +" + seconds(last.freedMs()), seconds(last.startedMs()),
                seconds(last.trialStartedMs()), seconds(last.trialEndedMs()), seconds(last.endedMs()));
        System.out.printf(Locale.ROOT, "  at real time        makespan %s vs lower bound %s (ratio %.4f)%n",
                hours(realMakespan(f, timeScale)), hours(Math.round(f.lowerBoundMs() * timeScale)),
                realMakespan(f, timeScale) / (f.lowerBoundMs() * timeScale));
        System.out.printf(Locale.ROOT, "  manager -> postgres %.1f statements/s while supervising (%d in all; %d more "
                + "while dispatching); completion noticed after %d ms%n",
                f.statementsPerSecond(), f.statements(), f.dispatchStatements(), f.noticedAfterMs());
        System.out.printf(Locale.ROOT, "  peak connections    %d (workers %d, manager %d)%n", r.peakTotal(),
                r.peakWorkers(), r.peakManager());
        System.out.printf(Locale.ROOT, "  poll statement      %.1f ms (the manager's progress query, median of 21)%n",
                r.pollMs());
        StringBuilder cpu = new StringBuilder();
        for (String c : COMPONENTS) {
            cpu.append(String.format(Locale.ROOT, "%s%s %.1f s (%d ms/partition)", cpu.isEmpty() ? "" : ", ", c,
                    r.cpu().getOrDefault(c, 0.0), r.cpuMsPerPartition(c)));
        }
        System.out.println("  cpu during the run  " + cpu);
        System.out.println("  hosts' sqs requests " + r.sqsPerPartition() + " per partition");
    }

    /**
     * The makespan this run would have at real time: the schedule's trial time scaled back up, the coordination
     * overhead (makespan minus the zero-overhead schedule of the same order) kept as measured.
     */
    private static double realMakespan(RunFigures f, double timeScale) {
        return f.listScheduleMs() * timeScale + (f.makespanMs() - f.listScheduleMs());
    }

    private static String table(List<Result> results, double timeScale, TrialDurations workload, int slots,
            int poolSize, int hostNice, boolean warmUp) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "Fleet benchmark: %d trials (longest %s, %.1f trial-hours), time scale 1:%.0f, "
                + "%d slots/host, worker pool %d, hosts at nice %d, %s%n%n", workload.size(), workload.longest(),
                workload.total().toSeconds() / 3600.0, timeScale, slots, poolSize, hostNice,
                warmUp ? "hosts warmed up" : "no warm-up"));
        t.append("| hosts | slots | order | partitions | enqueue | overhead/partition p50 / p95 | makespan | lower bound | "
                + "ratio | zero-overhead schedule | ratio at real time | manager stmts/s | poll statement | "
                + "peak connections | CPU ms/partition: " + String.join(" / ", COMPONENTS) + " | hosts' SQS "
                + "requests/partition |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            RunFigures f = r.figures();
            Long p50 = f.startLatencyP50() != null ? f.startLatencyP50() : f.turnaroundP50();
            Long p95 = f.startLatencyP95() != null ? f.startLatencyP95() : f.turnaroundP95();
            t.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %.1f s | %s / %s ms + %s / %s ms | %s | %s | "
                    + "%.3f | %s | %.4f | %.1f | %.1f ms | %d | %s | %s |%n", r.hosts(), r.hosts() * r.slots(), r.order(),
                    f.partitions(), f.enqueueMs() / 1000.0, f.workerOverheadP50(), f.workerOverheadP95(), dash(p50), dash(p95),
                    seconds(f.makespanMs()), seconds(f.lowerBoundMs()), f.ratio(), seconds(f.listScheduleMs()),
                    realMakespan(f, timeScale) / (f.lowerBoundMs() * timeScale), f.statementsPerSecond(), r.pollMs(),
                    r.peakTotal(), COMPONENTS.stream().map(c -> Long.toString(r.cpuMsPerPartition(c)))
                            .collect(Collectors.joining(" / ")), r.sqsPerPartition()));
        }
        t.append("\noverhead/partition = worker-side (step wall minus trial) + queue-side (request sent -> trial "
                + "started in one wave; slot freed -> next trial started when requests wait for slots)\n");
        return t.toString();
    }

    private static String dash(Long v) {
        return v == null ? "-" : v.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    private static String hours(double ms) {
        long s = Math.round(ms / 1000);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
