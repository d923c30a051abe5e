package io.benchfleet.manager.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.benchfleet.manager.ManagerApplication;
import io.benchfleet.manager.local.DatabaseLocator;
import io.benchfleet.manager.local.EmbeddedSqs;
import io.benchfleet.manager.local.LocalMode;
import io.benchfleet.worker.config.SqsClientConfiguration;
import io.benchfleet.worker.config.SqsProperties;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The manager's Spring context for one command, with the database the {@link DatabaseLocator} finds and, in
 * {@code --local} mode, the embedded SQS and in-process workers. Closing it stops everything it started.
 */
public final class ManagerRuntime implements AutoCloseable {

    private final DatabaseLocator database;
    private final EmbeddedSqs sqs;
    private final ConfigurableApplicationContext context;

    private ManagerRuntime(DatabaseLocator database, EmbeddedSqs sqs, ConfigurableApplicationContext context) {
        this.database = database;
        this.sqs = sqs;
        this.context = context;
    }

    /**
     * @param local  local mode, or null to use the configured SQS queue (production)
     * @param extra  further Spring properties (tests)
     */
    public static ManagerRuntime start(Map<String, String> env, Path stateDir, LocalMode local,
            Map<String, Object> extra) {
        return start(env, stateDir, local, extra, WebApplicationType.NONE);
    }

    /** As above; {@code web} is SERVLET only for {@code serve}, every other command runs without a web server. */
    public static ManagerRuntime start(Map<String, String> env, Path stateDir, LocalMode local,
            Map<String, Object> extra, WebApplicationType web) {
        DatabaseLocator database = DatabaseLocator.locate(env, stateDir);
        EmbeddedSqs sqs = null;
        try {
            Map<String, Object> props = new LinkedHashMap<>(database.properties());
            props.put("logging.file.name", stateDir.resolve("logs/benchfleet.log").toString());
            if (local != null) {
                sqs = EmbeddedSqs.start(LocalMode.QUEUE, 300, 3);
                props.putAll(local.properties(sqs));
            }
            props.putAll(extra);
            // application.yml says none; spring.main.* would override the builder's setting, so say it here too.
            props.put("spring.main.web-application-type", web.name().toLowerCase(java.util.Locale.ROOT));
            // The command's properties come first, and are there before Spring Boot initialises logging (so the log
            // file follows --state-dir).
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new MapPropertySource("benchfleet-command", props));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ManagerApplication.class)
                    .web(web)
                    .environment(environment)
                    .run();
            return new ManagerRuntime(database, sqs, context);
        } catch (RuntimeException e) {
            if (sqs != null) {
                sqs.close();
            }
            database.close();
            throw e;
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    /** The partition queue's URL; fails with one line when SQS or the queue cannot be reached. */
    public String queueUrl() {
        return SqsClientConfiguration.queueUrl(bean(SqsAsyncClient.class), bean(SqsProperties.class));
    }

    public String databaseDescription() {
        return database.description();
    }

    public EmbeddedSqs embeddedSqs() {
        return sqs;
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            try {
                if (sqs != null) {
                    sqs.close();
                }
            } finally {
                database.close();
            }
        }
    }
}
