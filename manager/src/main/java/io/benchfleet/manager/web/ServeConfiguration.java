package io.benchfleet.manager.web;

import java.time.Clock;

import io.benchfleet.manager.fleet.FleetStatus;
import io.benchfleet.manager.ManagerProperties;
import io.benchfleet.manager.job.RunStarts;
import io.benchfleet.manager.run.RunListQuery;
import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.manager.report.notify.NotificationTargets;
import io.benchfleet.manager.schedule.JobRunLauncher;
import io.benchfleet.manager.schedule.ScheduleProperties;
import io.benchfleet.manager.schedule.ScheduledRuns;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.config.SqsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * What only {@code benchfleet serve} (a servlet web application) has: pages and API, schedules, metrics. Every other
 * command runs with web-application-type none and gets none of it. A {@link Clock} bean, when present, drives the
 * schedules and metrics (tests); otherwise UTC system time.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ScheduleProperties.class)
public class ServeConfiguration {

    @Bean
    RunListQuery runListQuery(JdbcTemplate jdbc, ManagerProperties manager) {
        return new RunListQuery(jdbc, manager.managerLease());
    }

    @Bean
    ReportPages reportPages(JdbcTemplate jdbc, ArtifactStore artifacts, RunStatusQuery status,
            ObjectProvider<Clock> clock) {
        return new ReportPages(jdbc, artifacts, status, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Hosts and slots of the worker group, from the registry. */
    @Bean
    FleetMetrics fleetMetrics(FleetStatus fleet) {
        return new FleetMetrics(fleet);
    }

    @Bean
    ServeMetrics serveMetrics(JdbcTemplate jdbc, ObjectProvider<Clock> clock) {
        return new ServeMetrics(jdbc, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Health {@code sqsQueue} and the queue depth gauge. */
    @Bean
    QueueMonitor sqsQueue(SqsAsyncClient sqs, SqsProperties sqsProperties, ObjectProvider<Clock> clock) {
        return new QueueMonitor(sqs, sqsProperties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ServeLifecycle serveLifecycle(Environment environment) {
        return new ServeLifecycle(environment);
    }

    /** The notification targets of the schedules' runs ({@code benchfleet.schedules[i].notifications}). */
    @Bean
    NotificationTargets.Routing scheduleNotifications(ScheduleProperties properties) {
        return properties.notifications();
    }

    /** Not started with the context: {@code serve} starts it once the queue is checked. */
    @Bean
    ScheduledRuns scheduledRuns(ScheduleProperties properties, RunStarts starts, RunStatusQuery status,
            ObjectProvider<Clock> clock) {
        return new ScheduledRuns(properties.schedules(), new JobRunLauncher(starts, status),
                clock.getIfAvailable(Clock::systemUTC));
    }
}
