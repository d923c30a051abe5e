package io.benchfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class RepositoryStatementsTest {

    private final DataSource postgres = new DriverManagerDataSource(System.getenv().getOrDefault(
            "BENCHFLEET_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test"), "postgres", "");

    @Test
    void everyStatementSentToPostgresIsCountedOnceAndABatchOnce() {
        RepositoryStatements statements = new RepositoryStatements();
        JdbcTemplate jdbc = new JdbcTemplate(statements.counting(postgres));

        jdbc.queryForObject("SELECT 1", Integer.class);
        jdbc.queryForList("SELECT ? + 1", 41);
        jdbc.execute("SELECT 2");
        long beforeBatch = statements.count();
        jdbc.batchUpdate("SELECT ?", List.of(new Object[] {1}, new Object[] {2}, new Object[] {3}));

        assertThat(beforeBatch).isEqualTo(3);
        assertThat(statements.count()).isEqualTo(4);
    }

    @Test
    void theCountedConnectionStillUnwrapsToTheDriversConnection() throws Exception {
        try (Connection c = new RepositoryStatements().counting(postgres).getConnection()) {
            assertThat(c.unwrap(PGConnection.class)).isNotNull();
            assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
        }
    }
}
