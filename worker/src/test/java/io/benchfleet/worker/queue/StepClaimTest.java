package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The claim against the real PostgreSQL job repository table (a scratch schema with the Batch columns used). */
class StepClaimTest {

    private final String schema = "claim_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private SingleConnectionDataSource ds;
    private JdbcTemplate jdbc;

    @BeforeEach
    void createTable() {
        ds = new SingleConnectionDataSource(System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/test"), "postgres", "", true);
        jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE SCHEMA " + schema);
        jdbc.execute("SET search_path TO " + schema);
        jdbc.execute("CREATE TABLE batch_step_execution (step_execution_id BIGINT PRIMARY KEY, version BIGINT, "
                + "status VARCHAR(10), last_updated TIMESTAMP)");
        jdbc.update("INSERT INTO batch_step_execution VALUES (1, 0, 'STARTING', now()), (2, 3, 'COMPLETED', now())");
    }

    @AfterEach
    void dropSchema() {
        jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        ds.destroy();
    }

    @Test
    void onlyOneWorkerClaimsAStartingPartition() {
        StepClaim claim = new StepClaim(jdbc, java.time.Duration.ofSeconds(90));
        assertThat(claim.tryClaim(1)).isTrue();
        assertThat(claim.tryClaim(1)).as("the duplicate delivery").isFalse();
        assertThat(jdbc.queryForObject("SELECT status FROM batch_step_execution WHERE step_execution_id = 1",
                String.class)).isEqualTo("STARTED");
        assertThat(jdbc.queryForObject("SELECT version FROM batch_step_execution WHERE step_execution_id = 1",
                Long.class)).isEqualTo(1);
    }

    @Test
    void aCompletedPartitionIsNeverClaimed() {
        assertThat(new StepClaim(jdbc, java.time.Duration.ofSeconds(90)).tryClaim(2)).isFalse();
        assertThat(jdbc.queryForObject("SELECT version FROM batch_step_execution WHERE step_execution_id = 2",
                Long.class)).isEqualTo(3);
    }

    @Test
    void aStepThatFailedBecauseTheRepositoryWasDownBecomesAnInfraFailureTheManagerRetries() {
        jdbc.execute("ALTER TABLE batch_step_execution ADD COLUMN exit_code VARCHAR(2500), "
                + "ADD COLUMN exit_message VARCHAR(2500)");
        jdbc.update("INSERT INTO batch_step_execution VALUES (3, 5, 'FAILED', now(), 'FAILED', 'stack trace'), "
                + "(4, 5, 'FAILED', now(), 'CONFIG', 'bad spec')");
        StepClaim claim = new StepClaim(jdbc, java.time.Duration.ofSeconds(90));
        assertThat(claim.markInfraFailure(3, "trial:a__a01: INFRA failure: job repository unavailable")).isTrue();
        assertThat(jdbc.queryForMap("SELECT exit_code, exit_message, version FROM batch_step_execution WHERE "
                + "step_execution_id = 3")).containsEntry("exit_code", "INFRA").containsEntry("version", 6L)
                .containsEntry("exit_message", "trial:a__a01: INFRA failure: job repository unavailable");
        assertThat(claim.markInfraFailure(4, "x")).as("a CONFIG failure stays one").isFalse();
        assertThat(claim.markInfraFailure(2, "x")).as("a completed step is left alone").isFalse();
    }
}
