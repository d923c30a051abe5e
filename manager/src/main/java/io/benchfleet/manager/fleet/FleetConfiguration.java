package io.benchfleet.manager.fleet;

import io.benchfleet.manager.ManagerProperties;
import io.benchfleet.manager.partition.SlotShare;
import io.benchfleet.manager.run.RunSpecLoader;
import io.benchfleet.worker.config.DaemonSchedulers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The fleet of this manager: the in-process worker consumers when this process runs workers ({@code --local}), else
 * the Auto Scaling group {@code benchfleet.fleet.asg-name} when set (production), else none (sized by hand with
 * {@code scripts/scale.sh}); and the {@link FleetController} of its worker group. AWS clients are created only when
 * a job starts or {@code serve} begins.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({FleetProperties.class, FleetControlProperties.class})
public class FleetConfiguration {

    @Bean
    WorkerHosts workerHosts(JdbcTemplate jdbc, FleetControlProperties control) {
        return new WorkerHosts(jdbc, control.hostLease());
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler fleetControlScheduler() {
        return DaemonSchedulers.of("benchfleet-fleet-control-", 1);
    }

    @Bean(destroyMethod = "close")
    FleetController fleetController(FleetProperties properties, FleetControlProperties control,
            Environment environment, JdbcTemplate jdbc, WorkerHosts hosts, ManagerProperties manager,
            ThreadPoolTaskScheduler fleetControlScheduler) {
        String group = control.groupOf(properties);
        return new FleetController(() -> fleetFor(properties, environment), new FleetControllerLease(jdbc, group,
                control.lease()), new FleetDemand(jdbc, manager.managerLease()), hosts, group, control, properties,
                fleetControlScheduler);
    }

    @Bean
    FleetRunListener fleetRunListener(FleetController controller, FleetProperties properties,
            RunSpecLoader specLoader, JdbcTemplate jdbc) {
        return new FleetRunListener(controller, properties, specLoader, jdbc);
    }

    @Bean
    FleetShares fleetShares(FleetProperties properties, FleetControlProperties control, WorkerHosts hosts,
            JdbcTemplate jdbc, ManagerProperties manager) {
        return new FleetShares(new FleetDemand(jdbc, manager.managerLease()), hosts, control.groupOf(properties),
                control.slotsPerHost());
    }

    /** What a run's manager releases its partitions by: its fair share, unless releasing by share is off. */
    @Bean
    SlotShare slotShare(FleetControlProperties control, FleetShares shares) {
        return control.releaseByShare() ? shares::of : SlotShare.UNLIMITED;
    }

    @Bean
    FleetStatus fleetStatus(FleetProperties properties, FleetControlProperties control, Environment environment,
            WorkerHosts hosts, JdbcTemplate jdbc, FleetShares shares) {
        String group = control.groupOf(properties);
        return new FleetStatus(properties, environment, hosts, group, new FleetControllerLease(jdbc, group,
                control.lease()), shares);
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
