package io.benchfleet.manager.bench;

import java.util.ArrayList;
import java.util.List;

import io.benchfleet.worker.WorkerApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several simulated worker hosts in one JVM (200 worker JVMs do not fit two cores): each host is a complete worker
 * application context of its own - its own SQS client and consumer, its own slots, its own job-repository connection
 * pool and host name - exactly the code a worker host runs, with the simulated executor replaying the benchmark's
 * workload. Configuration common to all hosts comes from the environment (as on a host); the host names are the
 * arguments. Prints {@code HOST-READY <host>} once a host takes partitions, then every second the JVM's SQS requests
 * so far ({@link SqsRequestCounter}, when the benchmark registered it), and exits with its parent.
 */
public final class SimulatedHostGroup {

    private SimulatedHostGroup() {
    }

    public static void main(String[] hosts) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime()
                .halt(0)));
        String jobsRoot = System.getenv().getOrDefault("BENCH_JOBS_ROOT", System.getProperty("java.io.tmpdir"));
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        for (String host : hosts) {
            contexts.add(new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .run("--benchfleet.worker.host=" + host,
                            "--benchfleet.worker.jobs-dir=" + jobsRoot + "/jobs-" + host,
                            "--spring.datasource.hikari.pool-name=" + host,
                            "--spring.main.banner-mode=off", "--spring.main.web-application-type=none"));
            System.out.println("HOST-READY " + host);
            System.out.flush();
        }
        Thread counts = new Thread(() -> {
            try {
                while (true) {
                    System.out.println(SqsRequestCounter.line());
                    System.out.flush();
                    Thread.sleep(SqsRequestCounter.PRINT_INTERVAL.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sqs-request-counts");
        counts.setDaemon(true);
        counts.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> contexts.forEach(ConfigurableApplicationContext::close)));
    }
}
