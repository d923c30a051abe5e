package io.benchfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

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
}
