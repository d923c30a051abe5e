package io.benchfleet.manager.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Finds the job repository database: {@code BENCHFLEET_DB_URL} when set (production, CI); else a PostgreSQL server on
 * 127.0.0.1:5432 (database {@code benchfleet}, created when missing); else an embedded PostgreSQL whose data lives in
 * the state directory, so later commands ({@code status}, {@code restart}) see the same runs.
 */
public final class DatabaseLocator implements AutoCloseable {

    public static final String ENV_URL = "BENCHFLEET_DB_URL";
    public static final String ENV_USER = "BENCHFLEET_DB_USER";
    public static final String ENV_PASSWORD = "BENCHFLEET_DB_PASSWORD";
    static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String LOCAL_DATABASE = "benchfleet";

    private final String url;
    private final String user;
    private final String password;
    private final String description;
    private final EmbeddedPostgres embedded;

    private DatabaseLocator(String url, String user, String password, String description, EmbeddedPostgres embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.description = description;
        this.embedded = embedded;
    }

    public static DatabaseLocator locate(Map<String, String> env, Path stateDir) {
        String user = env.getOrDefault(ENV_USER, "postgres");
        String password = env.getOrDefault(ENV_PASSWORD, "");
        String url = env.get(ENV_URL);
        if (url != null && !url.isBlank()) {
            return new DatabaseLocator(url, user, password, url, null);
        }
        if (localServerAnswers(user, password)) {
            return new DatabaseLocator(LOCAL_SERVER + LOCAL_DATABASE, user, password,
                    "PostgreSQL on 127.0.0.1:5432, database " + LOCAL_DATABASE, null);
        }
        return startEmbedded(stateDir.resolve("postgres"));
    }

    private static boolean localServerAnswers(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "2");
        try (Connection c = DriverManager.getConnection(LOCAL_SERVER + "postgres", props);
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + LOCAL_DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + LOCAL_DATABASE);
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static DatabaseLocator startEmbedded(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .start();
            String url = pg.getJdbcUrl("postgres", "postgres");
            return new DatabaseLocator(url, "postgres", "", "embedded PostgreSQL in " + dataDir, pg);
        } catch (IOException e) {
            throw new UncheckedIOException("no database: " + ENV_URL + " is not set, nothing answers on "
                    + "127.0.0.1:5432, and the embedded PostgreSQL in " + dataDir + " did not start (" + e.getMessage()
                    + "); set " + ENV_URL + " to a PostgreSQL database", e);
        }
    }

    /** Spring properties pointing the application at this database. */
    public Map<String, Object> properties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", user);
        props.put("spring.datasource.password", password);
        return props;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
