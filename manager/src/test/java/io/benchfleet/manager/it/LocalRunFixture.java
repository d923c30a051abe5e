package io.benchfleet.manager.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every end-to-end test of the command line needs, registered as a static extension: a fresh PostgreSQL schema
 * per test class, a state directory per test (embedded SQS state, artifacts, log), the test's benchfleet log kept
 * under {@code target/it-logs/} for diagnosis, and commands executed in-process against both.
 */
public final class LocalRunFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private TestDatabase db;
    private Path stateDir;

    public TestDatabase db() {
        return db;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Spring properties for quick simulated trials in this schema; tests add or override entries. */
    public Map<String, Object> fastTrials() {
        Map<String, Object> props = new HashMap<>(db.properties());
        props.put("benchfleet.worker.simulated.median-duration", "5ms");
        props.put("benchfleet.worker.simulated.max-duration", "60ms");
        props.put("benchfleet.manager.poll-interval", "200ms");
        return props;
    }

    /** Runs {@code benchfleet --state-dir <this test's dir> args...} in-process. */
    public CliRun cli(Map<String, Object> properties, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--state-dir";
        all[1] = stateDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.execute(db.env(), properties, all);
    }

    public int count(String sql, Object... args) {
        Integer n = db.jdbc().queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = new TestDatabase();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        db.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        stateDir = Files.createTempDirectory("benchfleet-it-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        Path log = stateDir.resolve("logs/benchfleet.log");
        if (Files.exists(log)) {
            Path target = Files.createDirectories(Path.of("target/it-logs"));
            Files.copy(log, target.resolve(context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName() + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
