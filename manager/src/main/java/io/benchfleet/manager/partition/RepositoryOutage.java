package io.benchfleet.manager.partition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.benchfleet.jobdefs.Messages;
import io.benchfleet.manager.run.TransientRepositoryFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Keeps a supervised run going while the job repository is briefly unreachable (PostgreSQL restarting or failing
 * over: workers keep running their trials and their heartbeats retry too), and gives up only when it stays
 * unreachable for longer than the limit, or the failure is not a transient one.
 */
final class RepositoryOutage {

    private static final Logger log = LoggerFactory.getLogger(RepositoryOutage.class);

    private final Duration limit;
    private final Duration retryIn;
    private final Clock clock;
    private Instant since;

    /** @param retryIn when the next attempt comes (for the log line) */
    RepositoryOutage(Duration limit, Duration retryIn, Clock clock) {
        this.limit = limit;
        this.retryIn = retryIn;
        this.clock = clock;
    }

    /** The repository answered. */
    void over() {
        since = null;
    }

    /** Returns when {@code failure} is to be tolerated (the caller tries again later); otherwise rethrows it. */
    void tolerate(DataAccessException failure) {
        if (!TransientRepositoryFailures.isTransient(failure)) {
            throw failure;
        }
        Instant now = clock.instant();
        if (since == null) {
            since = now;
        }
        if (Duration.between(since, now).compareTo(limit) > 0) {
            throw failure;
        }
        log.warn("job repository unreachable ({}); retrying in {}", Messages.rootMessage(failure), retryIn);
    }
}
