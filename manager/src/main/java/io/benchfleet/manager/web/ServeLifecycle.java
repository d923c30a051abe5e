package io.benchfleet.manager.web;

import java.util.concurrent.CountDownLatch;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;

/** Lets {@code benchfleet serve} wait until the service's context closes (SIGTERM, Ctrl-C, actuator shutdown). */
public class ServeLifecycle implements ApplicationListener<ContextClosedEvent> {

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Environment environment;

    public ServeLifecycle(Environment environment) {
        this.environment = environment;
    }

    /** The port the web server listens on. */
    public int port() {
        return environment.getRequiredProperty("local.server.port", Integer.class);
    }

    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closed.countDown();
    }
}
