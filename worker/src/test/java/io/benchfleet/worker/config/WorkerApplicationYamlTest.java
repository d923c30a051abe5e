package io.benchfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/** The worker's defaults are where Spring Boot reads them (a mis-indented block silently loses them). */
class WorkerApplicationYamlTest {

    @Test
    void theDatabaseBatchAndFlywaySettingsAreSpringPropertiesTakenFromBenchfleetVariables() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties p = yaml.getObject();
        assertThat(p.getProperty("spring.datasource.url")).startsWith("${BENCHFLEET_DB_URL:");
        assertThat(p.getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("4");
        assertThat(p.getProperty("spring.batch.job.enabled")).isEqualTo("false");
        assertThat(p.getProperty("spring.batch.jdbc.initialize-schema")).isEqualTo("never");
        assertThat(p.getProperty("spring.flyway.locations")).isEqualTo("classpath:db/migration");
        assertThat(p.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
        assertThat(p.getProperty("benchfleet.worker.enabled")).isEqualTo("true");
    }

    @Test
    void aWorkerHostRunsHarborUnlessToldOtherwiseNeverTheSimulatedExecutor() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        assertThat(yaml.getObject().getProperty("benchfleet.worker.executor")).isEqualTo("docker");
        assertThat(new WorkerProperties(true, null, null, "h", null, null, null, null, null, null, null)
                .executor()).as("also when the setting is missing altogether").isEqualTo("docker");
    }

    @Test
    void anIdleWorkerLongPollsForSqsLongestWaitAndAPollTimeoutSqsCannotWaitIsRefusedWithOneLine() {
        assertThat(new WorkerProperties(true, null, null, "h", null, null, null, null, null, null, null)
                .pollTimeout()).as("SQS's WaitTimeSeconds is 0-20 (Amazon SQS API reference, ReceiveMessage)")
                .isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> new WorkerProperties(true, null, null, "h", null, null, Duration.ofSeconds(30), null,
                null, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("benchfleet.worker.poll-timeout (PT30S) must be between 1s and 20s, SQS's longest wait "
                        + "for a receive");
        assertThatThrownBy(() -> new WorkerProperties(true, null, null, "h", null, null, Duration.ofMillis(200), null,
                null, null, null)).hasMessageContaining("poll-timeout (PT0.2S)");
    }
}
