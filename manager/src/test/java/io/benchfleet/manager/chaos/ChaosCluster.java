package io.benchfleet.manager.chaos;

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
 * {@code java -jar worker-*-exec.jar}, the manager as {@code java -jar benchfleet.jar run} without {@code --local},
 * and a fresh schema in the real PostgreSQL. Every process started here is killed on {@link #close()} and, should the
 * test JVM exit first, by a shutdown hook. Process output goes to {@code target/chaos-logs/<scenario>/}.
 */
final class ChaosCluster implements AutoCloseable {

    static final String QUEUE = "chaos";
    /** Short queue visibility: a killed worker's message comes back quickly (the heartbeat extends live ones). */
    static final int VISIBILITY_SECONDS = 4;
    static final int MAX_RECEIVE_COUNT = 3;
    static final Duration LEASE = Duration.ofSeconds(3);

    private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();

    /**
     * Private copies of what the processes run (the SQS main class, the worker and manager jars), taken once per test
     * JVM: other builds on the machine may rewrite target/ while a scenario runs.
     */
    private static final Path PRIVATE;

    static {
        try {
            Path dir = Files.createTempDirectory("benchfleet-chaos-");
            PRIVATE = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ALL.forEach(ChaosCluster::kill);
                deleteTree(dir);
            }, "chaos-reaper"));
            String resource = ChaosSqsServer.class.getName().replace('.', '/') + ".class";
            Path classFile = PRIVATE.resolve("classes").resolve(resource);
            Files.createDirectories(classFile.getParent());
            try (var in = ChaosCluster.class.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, classFile);
            }
            Files.copy(locateWorkerJar(), PRIVATE.resolve("worker-exec.jar"));
            Files.copy(locateManagerJar(), PRIVATE.resolve("benchfleet.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    final String scenario;
    final Path logs;
    final Path stateDir;
    final ChaosDatabase db = new ChaosDatabase();
    private final List<Process> processes = new ArrayList<>();
    private Process sqsServer;
    private URI sqsEndpoint;
    private int managers;

    ChaosCluster(String scenario) {
        this.scenario = scenario;
        // a fresh log and state directory per scenario (the manager's log file appends)
        deleteTree(Path.of("target/chaos-logs", scenario));
        deleteTree(Path.of("target/chaos-state", scenario));
        try {
            logs = Files.createDirectories(Path.of("target/chaos-logs", scenario)).toAbsolutePath();
            stateDir = Files.createDirectories(Path.of("target/chaos-state", scenario)).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- processes

    void startSqs() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        sqsServer = start("sqs", List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp",
                PRIVATE.resolve("classes") + java.io.File.pathSeparator + classpath, ChaosSqsServer.class.getName(),
                QUEUE, Integer.toString(VISIBILITY_SECONDS), Integer.toString(MAX_RECEIVE_COUNT)), Map.of());
        Pattern port = Pattern.compile("CHAOS-SQS-PORT (\\d+)");
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

    /** What every benchfleet process of this cluster sees. */
    Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BENCHFLEET_DB_URL", db.url());
        env.put("BENCHFLEET_DB_USER", "postgres");
        env.put("SPRING_FLYWAY_SCHEMAS", db.schema);
        env.put("SPRING_FLYWAY_DEFAULT_SCHEMA", db.schema);
        env.put("BENCHFLEET_SQS_QUEUE", QUEUE);
        env.put("BENCHFLEET_SQS_ENDPOINT", sqsEndpoint.toString());
        env.put("BENCHFLEET_SQS_REGION", EmbeddedSqs.REGION);
        env.put("BENCHFLEET_SQS_ACCESS_KEY", EmbeddedSqs.ACCESS_KEY);
        env.put("BENCHFLEET_SQS_SECRET_KEY", EmbeddedSqs.SECRET_KEY);
        env.put("BENCHFLEET_WORKER_HEARTBEAT_INTERVAL", "1s");
        env.put("BENCHFLEET_WORKER_LEASE", LEASE.toSeconds() + "s");
        env.put("BENCHFLEET_ARTIFACTS_LOCATION", stateDir.resolve("artifacts").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** A worker host: one consumer with {@code slots} slots, simulated trials of about {@code median}. */
    Process startWorker(String host, int slots, String median, String gracePeriod) {
        Map<String, String> env = baseEnv();
        env.put("BENCHFLEET_WORKER_HOST", host);
        env.put("BENCHFLEET_WORKER_PORT", "0");
        env.put("BENCHFLEET_WORKER_SLOTS", Integer.toString(slots));
        env.put("BENCHFLEET_WORKER_POLL_TIMEOUT", "1s");
        env.put("BENCHFLEET_WORKER_GRACE_PERIOD", gracePeriod);
        env.put("BENCHFLEET_WORKER_SIMULATED_MEDIAN_DURATION", median);
        env.put("BENCHFLEET_WORKER_SIMULATED_DURATION_SIGMA", "0.2");
        env.put("BENCHFLEET_WORKER_SIMULATED_INFRA_FAILURE_RATE", "0");
        env.put("BENCHFLEET_WORKER_JOBS_DIR", stateDir.resolve("jobs-" + host).toString());
        return start(host, List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-jar",
                workerJar().toString()), env);
    }

    /** Waits until the worker's consumers are polling the queue. */
    void awaitWorkerReady(String host) {
        await(host + " to take partitions", Duration.ofSeconds(90),
                () -> read(logs.resolve(host + ".out")).contains("taking partitions from"));
    }

    /** {@code benchfleet <args>} as its own JVM (a manager process); output in {@code manager-N.out}. */
    Process startManager(String... args) {
        Map<String, String> env = baseEnv();
        env.put("BENCHFLEET_MANAGER_POLL_INTERVAL", "300ms");
        env.put("BENCHFLEET_MANAGER_MANAGER_LEASE", "3s");
        env.put("BENCHFLEET_MANAGER_RETRY_BACKOFF", "1s");
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx384m", "-jar", managerJar().toString(), "--state-dir", stateDir.toString()));
        command.addAll(List.of(args));
        return start("manager-" + (++managers), command, env);
    }

    String managerOutput(int n) {
        return read(logs.resolve("manager-" + n + ".out"));
    }

    String output(String name) {
        return read(logs.resolve(name + ".out"));
    }

    private Process start(String name, List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .directory(Path.of("").toAbsolutePath().toFile());
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
    static void kill(Process p) {
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
    static void terminate(Process p) {
        p.destroy();
    }

    static boolean waitFor(Process p, Duration max) {
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
            processes.forEach(ChaosCluster::kill);
        } finally {
            try {
                db.close();
            } catch (RuntimeException e) {
                System.err.println("chaos: could not drop the test schema: " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- SQS

    SqsClient sqs() {
        return SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(EmbeddedSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        EmbeddedSqs.ACCESS_KEY, EmbeddedSqs.SECRET_KEY)))
                .build();
    }

    String queueUrl(SqsClient client, String name) {
        return client.getQueueUrl(GetQueueUrlRequest.builder().queueName(name).build()).queueUrl();
    }

    // ---------------------------------------------------------------- helpers

    static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = condition.getAsBoolean();
            } catch (org.springframework.dao.DataAccessException e) {
                ok = false;
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max + " waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    int count(String sql, Object... args) {
        Integer n = db.jdbc().queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** The first job execution of this cluster's schema (each scenario runs one job instance). */
    long firstJobExecution() {
        return count("SELECT min(job_execution_id) FROM batch_job_execution");
    }

    static String read(Path file) {
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

    private static Path managerJar() {
        return PRIVATE.resolve("benchfleet.jar");
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
        Path dir = Path.of("../worker/target").toAbsolutePath().normalize();
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
        Path jar = Path.of("target/benchfleet.jar").toAbsolutePath();
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
    static final class ChaosDatabase {

        final String schema = "chaos_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        private final String baseUrl = System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/test");
        private final JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(baseUrl, "postgres", ""));
        private final JdbcTemplate jdbc;

        ChaosDatabase() {
            admin.execute("CREATE SCHEMA " + schema);
            jdbc = new JdbcTemplate(new DriverManagerDataSource(url(), "postgres", ""));
        }

        String url() {
            return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }

        JdbcTemplate jdbc() {
            return jdbc;
        }

        void close() {
            admin.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
