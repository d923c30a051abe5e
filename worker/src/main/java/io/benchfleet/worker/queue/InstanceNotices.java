package io.benchfleet.worker.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.benchfleet.worker.host.InstanceMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the instance metadata's notices (IMDSv2) and drains the host on the first: the Auto Scaling group's
 * {@code autoscaling/target-lifecycle-state} turning {@code Terminated} (the controller or the group terminates
 * this host; the hook holds it while it drains with the full grace), and on spot instances the interruption notice
 * {@code spot/instance-action} (drain until its time less a margin: the two minutes it has) and the rebalance
 * recommendation (drain with the full grace; with capacity rebalancing the group replaces the host). Polled by
 * Spring's TaskScheduler every {@code benchfleet.worker.fleet.notice-interval}.
 */
public class InstanceNotices {

    private static final Logger log = LoggerFactory.getLogger(InstanceNotices.class);
    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    static final String LIFECYCLE = "lifecycle hook (target lifecycle state Terminated)";
    static final String SPOT = "spot interruption notice";
    static final String REBALANCE = "rebalance recommendation";

    private final InstanceMetadata metadata;
    private final boolean spot;
    private final Drain drain;
    private volatile boolean draining;
    private volatile boolean spotNoticed;
    private final Duration grace;
    private final Duration spotMargin;
    private final Clock clock;

    /**
     * @param spot  whether this is a spot instance (metadata {@code instance-life-cycle} = spot): only then are the
     *              spot notices read
     * @param grace the worker's grace period ({@code benchfleet.worker.grace-period})
     */
    public InstanceNotices(InstanceMetadata metadata, boolean spot, Drain drain, Duration grace,
            Duration spotMargin, Clock clock) {
        this.metadata = metadata;
        this.spot = spot;
        this.drain = drain;
        this.grace = grace;
        this.spotMargin = spotMargin;
        this.clock = clock;
    }

    /** Starts a drain without blocking the watcher ({@link HostDrain#drainInBackground}). */
    @FunctionalInterface
    public interface Drain {
        void start(String reason, Duration grace);
    }

    /**
     * One look at the notices; starts the drain on the first one found. A spot instance that drains for its lifecycle
     * hook or a rebalance recommendation still looks for the interruption notice, which brings the drain's deadline
     * forward ({@link HostDrain}); after the interruption notice nothing more is looked at.
     */
    public void check() {
        if (spotNoticed) {
            return;
        }
        if (spot) {
            Optional<String> action = metadata.get(InstanceMetadata.SPOT_ACTION);
            if (action.isPresent()) {
                Duration left = spotGrace(action.get());
                log.warn("{}: {} - draining within {}", SPOT, action.get(), left);
                spotNoticed = true;
                start(SPOT, left);
                return;
            }
        }
        if (draining) {
            return;
        }
        if (metadata.get(InstanceMetadata.TARGET_LIFECYCLE_STATE).filter("Terminated"::equals).isPresent()) {
            start(LIFECYCLE, grace);
            return;
        }
        if (spot && metadata.get(InstanceMetadata.REBALANCE).isPresent()) {
            start(REBALANCE, grace);
        }
    }

    private void start(String reason, Duration drainGrace) {
        draining = true;
        drain.start(reason, drainGrace);
    }

    /** Until the notice's time less the margin, at most the grace, at least zero; 2 minutes less the margin if unreadable. */
    Duration spotGrace(String notice) {
        Duration left = Duration.ofMinutes(2);
        Matcher m = TIME.matcher(notice);
        if (m.find()) {
            try {
                left = Duration.between(clock.instant(), Instant.parse(m.group(1)));
            } catch (DateTimeParseException e) {
                log.debug("spot notice time {} unreadable", m.group(1));
            }
        }
        Duration usable = left.minus(spotMargin);
        usable = usable.isNegative() ? Duration.ZERO : usable;
        return usable.compareTo(grace) > 0 ? grace : usable;
    }
}
