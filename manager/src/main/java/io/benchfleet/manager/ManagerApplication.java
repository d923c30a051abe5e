package io.benchfleet.manager;

import io.benchfleet.worker.config.BenchfleetCommonConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The manager's Spring context: the benchmark job, its outbound SQS adapter and reports; in {@code --local} mode
 * also the in-process worker consumers (benchfleet.worker.enabled).
 */
@SpringBootApplication
@EnableConfigurationProperties(ManagerProperties.class)
@Import(BenchfleetCommonConfiguration.class)
public class ManagerApplication {
}
