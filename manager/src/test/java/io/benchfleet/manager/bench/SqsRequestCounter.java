package io.benchfleet.manager.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Counts the SQS requests of the simulated hosts' JVM by operation (a receive that brought no message counted apart),
 * so the fleet benchmark can say how many requests a partition costs. Registered for every SDK client of the JVM as
 * a global execution interceptor (the SDK reads {@value #REGISTRATION} from the class path), so the worker's own
 * client is measured unchanged.
 */
public final class SqsRequestCounter implements ExecutionInterceptor {

    /** The class-path resource that registers global interceptors with the AWS SDK. */
    static final String REGISTRATION = "software/amazon/awssdk/global/handlers/execution.interceptors";

    /** How often a host group prints {@link #line()}. */
    static final Duration PRINT_INTERVAL = Duration.ofSeconds(1);

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = context.request().getClass().getSimpleName().replaceFirst("Request$", "");
        if (context.response() instanceof ReceiveMessageResponse receive && receive.messages().isEmpty()) {
            operation = "ReceiveMessageEmpty";
        }
        COUNTS.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** The requests so far, by operation: {@code SQS-REQUESTS op=n op=n ...}. */
    static String line() {
        StringBuilder line = new StringBuilder("SQS-REQUESTS");
        new TreeMap<>(COUNTS).forEach((op, n) -> line.append(' ').append(op).append('=').append(n.sum()));
        return line.toString();
    }
}
