package io.benchfleet.manager.partition;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This manager process is shutting down (SIGTERM or Ctrl-C on {@code run} or {@code serve}). The runs it supervises
 * stop at their next round: queued partitions are withdrawn, running trials are left to finish on their workers
 * (which record their results), and the runs end STOPPED, restartable, instead of looking alive for ever.
 */
public class ManagerShutdown {

    private static final Logger log = LoggerFactory.getLogger(ManagerShutdown.class);

    private volatile String reason;
    private final Map<Long, String> stopped = new ConcurrentHashMap<>();

    /** Asks every supervised run to stop, for {@code why}. */
    public void request(String why) {
        reason = why;
    }

    public boolean requested() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    /** A run stopped for the shutdown: {@code withdrawn} queued partitions, {@code running} left on their workers. */
    void stopped(long jobExecutionId, int withdrawn, int running) {
        String line = "job execution " + jobExecutionId + " stops: " + reason + "; " + withdrawn + " queued "
                + "partitions withdrawn, " + running + " running ones left to finish on their workers - continue "
                + "the run with 'benchfleet restart " + jobExecutionId + "'";
        stopped.put(jobExecutionId, line);
        log.warn(line);
    }

    /** What the shutdown did to job execution {@code jobExecutionId}, null when it did not stop it. */
    public String outcome(long jobExecutionId) {
        return stopped.get(jobExecutionId);
    }
}
