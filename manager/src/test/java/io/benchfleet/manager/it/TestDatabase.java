package io.benchfleet.manager.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh schema in the real PostgreSQL for one test class (never H2): {@code BENCHFLEET_TEST_DB_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as user postgres. Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {

    private final String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String baseUrl = System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    /** A connection per statement: the few test queries stay correct across a PostgreSQL restart (chaos suite). */
    private final DriverManagerDataSource admin = new DriverManagerDataSource(baseUrl, "postgres", "");
    private final JdbcTemplate jdbc;

    public TestDatabase() {
        new JdbcTemplate(admin).execute("CREATE SCHEMA " + schema);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(url(), "postgres", ""));
    }

    public String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The environment a benchfleet command sees. */
    public Map<String, String> env() {
        return Map.of("BENCHFLEET_DB_URL", url(), "BENCHFLEET_DB_USER", "postgres");
    }

    /** Spring properties that keep Flyway in this schema. */
    public Map<String, Object> properties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.flyway.schemas", schema);
        props.put("spring.flyway.default-schema", schema);
        return props;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        new JdbcTemplate(admin).execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
