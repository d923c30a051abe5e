package io.benchfleet.worker.queue;

import org.slf4j.MDC;

/**
 * The worker id ({@code host/c<consumer>}) and partition key of the current thread, kept in the logging MDC so every
 * log line of a trial names its partition and host, and the result row records the host that ran it.
 */
public final class WorkerIdentity {

    public static final String MDC_WORKER = "worker";
    public static final String MDC_PARTITION = "partition";

    private WorkerIdentity() {
    }

    public static String current() {
        String id = MDC.get(MDC_WORKER);
        return id == null ? "unknown" : id;
    }
}
