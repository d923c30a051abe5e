package io.benchfleet.manager.fleet;

import io.benchfleet.manager.partition.HandedOverRuns;
import io.benchfleet.manager.run.RunSpecLoader;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fleet of this manager: the in-process worker consumers when this process runs workers ({@code --local}), else
 * the Auto Scaling group {@code benchfleet.fleet.asg-name} when set (production), else none (sized by hand with
 * {@code scripts/scale.sh}). AWS clients are created only when a job starts.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FleetProperties.class)
public class FleetConfiguration {

    @Bean
    FleetRunListener fleetRunListener(FleetProperties properties, Environment environment, RunSpecLoader specLoader,
            JdbcTemplate jdbc, HandedOverRuns handedOver) {
        return new FleetRunListener(() -> fleetFor(properties, environment), properties, specLoader, jdbc,
                handedOver);
    }

    @Bean
    FleetStatus fleetStatus(FleetProperties properties, Environment environment) {
        return new FleetStatus(properties, environment);
    }

    static Fleet fleetFor(FleetProperties properties, Environment environment) {
        // In-process workers first: a --local run never sizes a real group, even with BENCHFLEET_ASG_NAME exported.
        if (environment.getProperty("benchfleet.worker.enabled", Boolean.class, false)) {
            return new LocalFleet(environment.getProperty("benchfleet.worker.consumers", Integer.class, 1));
        }
        if (properties.asgName() != null) {
            return AutoScalingFleet.create(properties);
        }
        return null;
    }
}
