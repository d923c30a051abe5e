package io.benchfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionProxy;

/**
 * The job repository's data source: a worker host's statements go straight to the pool's connections, the manager's
 * through its statement counter.
 */
class BenchfleetDataSourceConfigurationTest {

    private static DataSource dataSource(Optional<RepositoryStatements> statements) {
        DataSourceProperties properties = new DataSourceProperties();
        properties.setUrl(System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/test"));
        properties.setUsername("postgres");
        properties.setPassword("");
        return new BenchfleetDataSourceConfiguration().dataSource(properties, new StandardEnvironment(), statements);
    }

    /** The connection a statement through the lazy proxy ran on. */
    private static Connection target(DataSource dataSource) throws Exception {
        try (Connection lazy = dataSource.getConnection()) {
            lazy.createStatement().close(); // the lazy proxy takes its connection at the first statement
            return ((ConnectionProxy) lazy).getTargetConnection();
        }
    }

    @Test
    void aWorkerHostsStatementsRunOnThePoolsConnectionsUncounted() throws Exception {
        DataSource dataSource = dataSource(Optional.empty());
        try {
            assertThat(Proxy.isProxyClass(target(dataSource).getClass())).as("no counting proxy").isFalse();
        } finally {
            ((AutoCloseable) dataSource).close();
        }
    }

    @Test
    void theManagersStatementsAreCounted() throws Exception {
        RepositoryStatements statements = new RepositoryStatements();
        DataSource dataSource = dataSource(Optional.of(statements));
        try {
            assertThat(Proxy.isProxyClass(target(dataSource).getClass())).as("the counting proxy").isTrue();
            new JdbcTemplate(dataSource).queryForObject("SELECT 1", Integer.class);
            assertThat(statements.count()).isEqualTo(1);
        } finally {
            ((AutoCloseable) dataSource).close();
        }
    }
}
