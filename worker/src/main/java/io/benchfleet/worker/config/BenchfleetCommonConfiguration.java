package io.benchfleet.worker.config;

import io.benchfleet.worker.artifact.ArtifactStoreConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.integration.config.EnableIntegration;

/** What manager and worker share: the job repository DataSource, the SQS client, the artifact store. */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
@EnableConfigurationProperties({SqsProperties.class, ArtifactProperties.class})
@Import({BenchfleetDataSourceConfiguration.class, SqsClientConfiguration.class, ArtifactStoreConfiguration.class,
        WorkerConfiguration.class})
public class BenchfleetCommonConfiguration {

    /**
     * How step contexts are stored, named once: Spring Boot's job repository uses this bean, and the manager's bulk
     * partition creation writes contexts with the same serializer.
     */
    @org.springframework.context.annotation.Bean
    org.springframework.batch.core.repository.ExecutionContextSerializer executionContextSerializer() {
        return new org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer();
    }
}
