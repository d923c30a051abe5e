package io.benchfleet.manager.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.benchfleet.manager.local.EmbeddedSqs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Real processes as in production, all on loopback: ElasticMQ in its own JVM, worker hosts as
 * {@code java -jar worker-*-exec.jar} (or many hosts per JVM, {@link #startJava}), the manager as
 * {@code java -jar benchfleet.jar run} without {@code --local}, and a fresh schema in the real PostgreSQL. Every
 * process started here is killed on {@link #close()} and, should the JVM exit first, by a shutdown hook. Process
 * output goes to {@code target/<kind>-logs/<scenario>/}. Used by the chaos suite and the fleet benchmark.
 */
public class LoopbackCluster implements AutoCloseable {

    /** Queue and lease settings of a cluster: the chaos suite uses short ones, the benchmark production-like ones. */
    public record Settings(String kind, String queue, int visibilitySeconds, int maxReceiveCount, Duration lease,
            Duration heartbeatInterval) {
    }

    private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();

    /**
     * The manager module's directory: the working directory under surefire, its {@code manager/} child when run from
     * the project root (exec:java runs in Maven's working directory).
     */
    public static final Path MODULE = moduleDir();

    private static Path moduleDir() {
        Path cwd = Path.of("").toAbsolutePath();
        Path child = cwd.resolve("manager");
        return Files.isRegularFile(child.resolve("pom.xml")) && Files.isDirectory(cwd.resolve("job-definitions"))
                ? child : cwd;
    }

    /**
     * Private copies of what the processes run (the SQS main class, the worker and manager jars), taken once per test
     * JVM: other builds on the machine may rewrite target/ while a scenario runs.
     */
    private static final Path PRIVATE;

    static {
        try {
            Path dir = Files.createTempDirectory("benchfleet-cluster-");
            PRIVATE = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ALL.forEach(LoopbackCluster::kill);
                deleteTree(dir);
            }, "cluster-reaper"));
            copyClass(LoopbackSqsServer.class, PRIVATE.resolve("classes"));
            Files.copy(locateWorkerJar(), PRIVATE.resolve("worker-exec.jar"));
            Files.copy(locateManagerJar(), PRIVATE.resolve("benchfleet.jar"));
            prepareLauncher(PRIVATE.resolve("benchfleet.jar"), PRIVATE.resolve("benchfleet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public final String scenario;
    public final Settings settings;
    public final Path logs;
    public final Path stateDir;
    public final ClusterDatabase db = new ClusterDatabase();
    // a simulated Auto Scaling group starts worker processes from its own thread while the test starts managers
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Process sqsServer;
    private URI sqsEndpoint;
    private final java.util.concurrent.atomic.AtomicInteger managers = new java.util.concurrent.atomic.AtomicInteger();

    public LoopbackCluster(String scenario, Settings settings) {
        this.scenario = scenario;
        this.settings = settings;
        // a fresh log and state directory per scenario (the manager's log file appends)
        Path logRoot = MODULE.resolve(Path.of("target", settings.kind() + "-logs", scenario));
        Path stateRoot = MODULE.resolve(Path.of("target", settings.kind() + "-state", scenario));
        deleteTree(logRoot);
        deleteTree(stateRoot);
        try {
            logs = Files.createDirectories(logRoot).toAbsolutePath();
            stateDir = Files.createDirectories(stateRoot).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- processes

    public void startSqs() {
        sqsServer = startJava("sqs", LoopbackSqsServer.class.getName(), List.of(settings.queue(),
                Integer.toString(settings.visibilitySeconds()), Integer.toString(settings.maxReceiveCount())),
                Map.of(), "256m");
        Pattern port = Pattern.compile("SQS-PORT (\\d+)");
        String[] found = new String[1];
        await("ElasticMQ to start", Duration.ofSeconds(60), () -> {
            Matcher m = port.matcher(read(logs.resolve("sqs.out")));
            if (m.find()) {
                found[0] = m.group(1);
                return true;
            }
            if (!sqsServer.isAlive()) {
                throw new AssertionError("ElasticMQ exited: " + read(logs.resolve("sqs.out")));
            }
            return false;
        });
        sqsEndpoint = URI.create("http://127.0.0.1:" + found[0]);
    }

    /** The SQS server's process (null before {@link #startSqs()}). */
    public Process sqsProcess() {
        return sqsServer;
    }

    /**
     * A JVM running {@code mainClass} from this JVM's (test) class path, with the common JVM flags; output in
     * {@code <name>.out}.
     */
    public Process startJava(String name, String mainClass, List<String> args, Map<String, String> env,
            String maxHeap) {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx" + maxHeap, "-cp", PRIVATE.resolve("classes") + java.io.File.pathSeparator + classpath(),
                mainClass));
        command.addAll(args);
        return start(name, command, env);
    }

    /**
     * A JVM running the packaged worker jar with {@code mainClass} (a class of this test code that starts worker
     * contexts, e.g. several simulated hosts) instead of the worker's own main: Spring Boot's PropertiesLauncher adds
     * a private copy of that one class to the jar's class path, so the hosts see exactly the worker's classes and its
     * {@code application.yml}.
     */
    public Process startInWorkerJar(String name, Class<?> mainClass, List<String> args, Map<String, String> env,
            String maxHeap) {
        return startInWorkerJar(name, mainClass, args, env, maxHeap, 0);
    }

    /**
     * {@link #startInWorkerJar(String, Class, List, Map, String)} at CPU priority {@code niceness} (0 to 19, as
     * {@code nice -n}; 0 starts it plainly).
     */
    public Process startInWorkerJar(String name, Class<?> mainClass, List<String> args, Map<String, String> env,
            String maxHeap, int niceness) {
        Path classes = PRIVATE.resolve("worker-extra");
        try {
            copyClass(mainClass, classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if (niceness > 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        command.addAll(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx" + maxHeap, "-Dloader.path=" + classes, "-Dloader.main=" + mainClass.getName(), "-cp",
                workerJar().toString(), "org.springframework.boot.loader.launch.PropertiesLauncher"));
        command.addAll(args);
        return start(name, command, env);
    }

    /**
     * Puts {@code types} and a class-path resource ({@code resource} with {@code content}) on the class path of every
     * JVM {@link #startInWorkerJar} starts later (beside its main class), e.g. an SDK interceptor a benchmark reads.
     */
    public static void addToWorkerClassPath(String resource, String content, Class<?>... types) {
        Path classes = PRIVATE.resolve("worker-extra");
        try {
            for (Class<?> type : types) {
                copyClass(type, classes);
            }
            Path file = classes.resolve(resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code type}'s class file under {@code classesDir} (package directories included), once. */
    private static void copyClass(Class<?> type, Path classesDir) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        Path classFile = classesDir.resolve(resource);
        if (Files.exists(classFile)) {
            return;
        }
        Files.createDirectories(classFile.getParent());
        try (var in = type.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, classFile);
        }
    }

    /**
     * This JVM's class path: surefire's test class path, or the class loader's (exec:java runs the benchmark in a
     * class loader of its own), else {@code java.class.path}.
     */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null) {
            return surefire;
        }
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    // not a file: not for a class path
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    /** What every benchfleet process of this cluster sees. */
    public Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BENCHFLEET_DB_URL", db.url());
        env.put("BENCHFLEET_DB_USER", "postgres");
        env.put("SPRING_FLYWAY_SCHEMAS", db.schema);
        env.put("SPRING_FLYWAY_DEFAULT_SCHEMA", db.schema);
        env.put("BENCHFLEET_SQS_QUEUE", settings.queue());
        env.put("BENCHFLEET_SQS_ENDPOINT", sqsEndpoint.toString());
        env.put("BENCHFLEET_SQS_REGION", EmbeddedSqs.REGION);
        env.put("BENCHFLEET_SQS_ACCESS_KEY", EmbeddedSqs.ACCESS_KEY);
        env.put("BENCHFLEET_SQS_SECRET_KEY", EmbeddedSqs.SECRET_KEY);
        env.put("BENCHFLEET_WORKER_HEARTBEAT_INTERVAL", settings.heartbeatInterval().toMillis() + "ms");
        env.put("BENCHFLEET_WORKER_LEASE", settings.lease().toMillis() + "ms");
        env.put("BENCHFLEET_ARTIFACTS_LOCATION", stateDir.resolve("artifacts").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** A worker host: one consumer with {@code slots} slots, simulated trials of about {@code median}. */
    public Process startWorker(String host, int slots, String median, String gracePeriod) {
        return startWorker(host, slots, median, gracePeriod, Map.of());
    }

    /** As above, with {@code extraEnv} on top (e.g. {@code JAVA_TOOL_OPTIONS} for the JVM's time zone). */
    public Process startWorker(String host, int slots, String median, String gracePeriod,
            Map<String, String> extraEnv) {
        Map<String, String> env = baseEnv();
        env.put("BENCHFLEET_WORKER_HOST", host);
        env.put("BENCHFLEET_WORKER_PORT", "0");
        env.put("BENCHFLEET_WORKER_SLOTS", Integer.toString(slots));
        env.put("BENCHFLEET_WORKER_POLL_TIMEOUT", "1s");
        env.put("BENCHFLEET_WORKER_GRACE_PERIOD", gracePeriod);
        env.put("BENCHFLEET_WORKER_EXECUTOR", "simulated");
        env.put("BENCHFLEET_WORKER_SIMULATED_MEDIAN_DURATION", median);
        env.put("BENCHFLEET_WORKER_SIMULATED_DURATION_SIGMA", "0.2");
        env.put("BENCHFLEET_WORKER_SIMULATED_INFRA_FAILURE_RATE", "0");
        env.put("BENCHFLEET_WORKER_JOBS_DIR", stateDir.resolve("jobs-" + host).toString());
        env.putAll(extraEnv);
        return start(host, List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-jar",
                workerJar().toString()), env);
    }

    /** Waits until the worker's consumers are polling the queue. */
    public void awaitWorkerReady(String host) {
        await(host + " to take partitions", Duration.ofSeconds(90),
                () -> read(logs.resolve(host + ".out")).contains("taking partitions from"));
    }

    /** The settings of every manager process of the cluster: quick polls, a short manager lease. */
    public static final Map<String, String> MANAGER_SETTINGS = Map.of("BENCHFLEET_MANAGER_POLL_INTERVAL", "300ms",
            "BENCHFLEET_MANAGER_MANAGER_LEASE", "3s", "BENCHFLEET_MANAGER_RETRY_BACKOFF", "1s");

    /** {@code benchfleet <args>} as its own JVM (a manager process); output in {@code manager-N.out}. */
    public Process startManager(String... args) {
        return startManager(MANAGER_SETTINGS, args);
    }

    /** {@code benchfleet <args>} as its own JVM with {@code settings} (environment) on top of the cluster's. */
    public Process startManager(Map<String, String> settingsEnv, String... args) {
        Map<String, String> env = baseEnv();
        env.putAll(settingsEnv);
        // as a user runs it: the launcher the build lays out, with its class-data-sharing archive, on this JVM
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("BENCHFLEET_JAVA_OPTS", "-XX:+UseSerialGC -Xmx384m");
        List<String> command = new ArrayList<>(List.of(managerLauncher().toString(), "--state-dir",
                stateDir.toString()));
        command.addAll(List.of(args));
        return start("manager-" + managers.incrementAndGet(), command, env);
    }

    /** How many manager processes were started: the number of the last one ({@code manager-N.out}). */
    public int managerCount() {
        return managers.get();
    }

    /** Output of the manager process started last. */
    public String lastManagerOutput() {
        return managerOutput(managers.get());
    }

    public String managerOutput(int n) {
        return read(logs.resolve("manager-" + n + ".out"));
    }

    public String output(String name) {
        return read(logs.resolve(name + ".out"));
    }

    private Process start(String name, List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .directory(MODULE.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("BENCHFLEET_") || k.startsWith("SPRING_"));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            ALL.add(p);
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** kill -9 (no shutdown hooks, no graceful stop). */
    public static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ALL.remove(p);
    }

    /** SIGTERM: the JVM runs its shutdown hooks (Spring's graceful stop). */
    public static void terminate(Process p) {
        p.destroy();
    }

    /** SIGSTOP: the process is frozen (a GC pause, a suspended VM) until {@link #resume}. */
    public static void pause(Process p) {
        signal(p, "STOP");
    }

    /** Waits {@code d}; an interrupt ends the wait early and stays set for the caller to see. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGCONT: a paused process goes on where it stopped. */
    public static void resume(Process p) {
        signal(p, "CONT");
    }

    private static void signal(Process p, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static boolean waitFor(Process p, Duration max) {
        try {
            return p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        try {
            processes.forEach(LoopbackCluster::kill);
        } finally {
            try {
                db.close();
            } catch (RuntimeException e) {
                System.err.println(settings.kind() + ": could not drop the test schema: " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- SQS

    public SqsClient sqs() {
        return SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(EmbeddedSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        EmbeddedSqs.ACCESS_KEY, EmbeddedSqs.SECRET_KEY)))
                .build();
    }

    public String queueUrl(SqsClient client, String name) {
        return client.getQueueUrl(GetQueueUrlRequest.builder().queueName(name).build()).queueUrl();
    }

    // ---------------------------------------------------------------- helpers

    public static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        org.springframework.dao.DataAccessException lastError = null;
        while (true) {
            boolean ok;
            try {
                ok = condition.getAsBoolean();
            } catch (org.springframework.dao.DataAccessException e) {
                ok = false;
                lastError = e;
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max + " waiting for " + what
                        + (lastError == null ? "" : " (last query failed: " + lastError.getMessage() + ")"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public int count(String sql, Object... args) {
        Integer n = db.jdbc().queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** The first job execution of this cluster's schema (each scenario runs one job instance). */
    public long firstJobExecution() {
        return count("SELECT min(job_execution_id) FROM batch_job_execution");
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path workerJar() {
        return PRIVATE.resolve("worker-exec.jar");
    }

    private static Path managerLauncher() {
        return PRIVATE.resolve("benchfleet/benchfleet");
    }

    /**
     * The build's own recipe (src/main/launcher/prepare-launcher.sh) run on the private copy of the jar: a
     * class-data-sharing archive holds the paths of the jars it was recorded from, so it is recorded here again.
     */
    private static void prepareLauncher(Path jar, Path dest) throws IOException {
        ProcessBuilder prepare = new ProcessBuilder("sh", MODULE.resolve("src/main/launcher/prepare-launcher.sh")
                .toString(), jar.toString(), dest.toString(), MODULE.resolve(
                        "../job-definitions/examples/terminal-bench-750.yaml").normalize().toString())
                .redirectErrorStream(true);
        prepare.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = prepare.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("prepare-launcher.sh failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted preparing the manager's launcher", e);
        }
        if (!Files.exists(dest.resolve("benchfleet.jsa"))) {
            throw new IllegalStateException("prepare-launcher.sh recorded no class-data-sharing archive in " + dest
                    + ": " + output.strip());
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static Path locateWorkerJar() {
        Path dir = MODULE.resolve("../worker/target").normalize();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "worker-*-exec.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no worker-*-exec.jar in " + dir + ": run 'mvn -q -o install -DskipTests' first");
    }

    private static Path locateManagerJar() {
        Path jar = MODULE.resolve("target/benchfleet.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError("no " + jar + ": run 'mvn -q -o install -DskipTests' first");
        }
        return jar;
    }

    /**
     * A fresh schema in the real PostgreSQL ({@code BENCHFLEET_TEST_DB_URL}, default 127.0.0.1:5432/test), like the
     * integration tests' {@code TestDatabase}, but with a new connection per statement so the test itself survives
     * a PostgreSQL restart.
     */
    public static final class ClusterDatabase {

        public final String schema = "cluster_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        private final String baseUrl = System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/test");
        private final JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(baseUrl, "postgres", ""));
        private final JdbcTemplate jdbc;

        ClusterDatabase() {
            admin.execute("CREATE SCHEMA " + schema);
            jdbc = new JdbcTemplate(new DriverManagerDataSource(url(), "postgres", ""));
        }

        public String url() {
            return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        public JdbcTemplate jdbc() {
            return jdbc;
        }

        void close() {
            admin.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
