package io.benchfleet.worker.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads on which every SQS client of this process completes its responses (unmarshalling, then the
 * consumers' and heartbeats' callbacks), instead of each client's own SDK pool. The SDK's pool lets even its core
 * threads die after 10 s idle and starts a new thread for each response until it has eight, so a host whose long
 * polls return every 20 s started a thread for almost every response it handled. These few stay, as daemons that
 * end with the process (like the CRT client's event loops, shared by all clients). A callback on an SQS future must
 * therefore never block (no JDBC, no waiting on another request): it would hold up every client's responses.
 */
final class SqsResponseThreads {

    /** As many threads as the SDK's pool keeps at its core: eight, or one per processor if more. */
    static final int THREADS = Math.max(8, Runtime.getRuntime().availableProcessors());

    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(THREADS, daemonThreads());

    private SqsResponseThreads() {
    }

    private static CustomizableThreadFactory daemonThreads() {
        CustomizableThreadFactory factory = new CustomizableThreadFactory("sqs-response-");
        factory.setDaemon(true);
        return factory;
    }
}
