package io.benchfleet.worker.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.worker.*}: how this host takes and runs partitions.
 *
 * @param enabled     start the SQS consumers (false in a manager-only process)
 * @param consumers   independent queue consumers in this process (one per host in production; N in {@code --local})
 * @param slots       concurrent trials per consumer; a consumer only receives a message when it has a free slot
 * @param host        name recorded with each trial result (default: the host name)
 * @param jobsDir     local directory for Harbor job output before it is archived
 * @param executor    {@code docker} (the default: a worker host exists to run Harbor), {@code process} or
 *                    {@code simulated} (rehearsals only: its results are accepted only by a rehearsal run)
 * @param pollTimeout SQS long-poll wait, 1 to 20 s (SQS's longest, the default: an idle host sends a receive every
 *                    20 s instead of every 10; short in tests: closing a consumer waits for its poll)
 * @param keepTrialDirs keep the local trial directory after it was archived
 * @param heartbeatInterval how often running partitions renew their lease (repository row + SQS visibility)
 * @param lease       a STARTED partition whose heartbeat is older than this belongs to a dead worker
 * @param gracePeriod on stop, how long running trials may take to finish before they are interrupted
 */
@ConfigurationProperties("benchfleet.worker")
public record WorkerProperties(
        Boolean enabled,
        Integer consumers,
        Integer slots,
        String host,
        Path jobsDir,
        String executor,
        Duration pollTimeout,
        Boolean keepTrialDirs,
        Duration heartbeatInterval,
        Duration lease,
        Duration gracePeriod) {

    /** SQS waits at most 20 s for a receive ({@code WaitTimeSeconds}). */
    public static final Duration LONGEST_POLL = Duration.ofSeconds(20);

    public WorkerProperties {
        enabled = enabled != null && enabled;
        consumers = consumers == null ? 1 : consumers;
        slots = slots == null ? 4 : slots;
        host = host == null || host.isBlank() ? localHostName() : host;
        jobsDir = jobsDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "benchfleet-jobs") : jobsDir;
        executor = executor == null ? "docker" : executor;
        pollTimeout = pollTimeout == null ? LONGEST_POLL : pollTimeout;
        keepTrialDirs = keepTrialDirs != null && keepTrialDirs;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(30) : heartbeatInterval;
        lease = lease == null ? heartbeatInterval.multipliedBy(3) : lease;
        gracePeriod = gracePeriod == null ? Duration.ofMinutes(10) : gracePeriod;
        if (lease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("benchfleet.worker.lease (" + lease + ") must be at least twice the "
                    + "heartbeat interval (" + heartbeatInterval + ")");
        }
        if (pollTimeout.compareTo(Duration.ofSeconds(1)) < 0 || pollTimeout.compareTo(LONGEST_POLL) > 0) {
            throw new IllegalArgumentException("benchfleet.worker.poll-timeout (" + pollTimeout + ") must be between "
                    + "1s and 20s, SQS's longest wait for a receive");
        }
        if (consumers < 1 || slots < 1) {
            throw new IllegalArgumentException("benchfleet.worker.consumers and .slots must be at least 1, got "
                    + consumers + " and " + slots);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
