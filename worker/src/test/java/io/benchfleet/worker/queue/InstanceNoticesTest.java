package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.benchfleet.worker.host.InstanceMetadata;
import io.benchfleet.worker.host.MetadataStandIn;
import org.junit.jupiter.api.Test;

/** The notices read over IMDSv2 from a loopback stand-in of the metadata service, and the drain each one starts. */
class InstanceNoticesTest {

    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final Duration MARGIN = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final List<String> drains = new ArrayList<>();

    private InstanceNotices notices(MetadataStandIn imds, boolean spot) {
        return new InstanceNotices(new InstanceMetadata(imds.url()), spot, (reason, grace) -> drains.add(reason
                + " / " + grace), GRACE, MARGIN, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void withoutANoticeNothingDrains() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn()) {
            notices(imds, true).check();

            assertThat(drains).isEmpty();
            assertThat(imds.requests).as("every read carried a session token: none refused").noneMatch(r ->
                    r.endsWith(" 401"));
        }
    }

    @Test
    void aSpotNoticeDrainsWithTheTwoMinutesItGivesLessTheMargin() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.SPOT_ACTION,
                "{\"action\": \"terminate\", \"time\": \"2026-12-02T08:02:00Z\"}")) {
            notices(imds, true).check();

            // 08:02:00 - 08:00:00 = 120 s, less the 20 s margin = 100 s (below the 10 min grace)
            assertThat(drains).containsExactly("spot interruption notice / PT1M40S");
        }
    }

    @Test
    void theSpotNoticeIsNotReadOnAnOnDemandHost() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.SPOT_ACTION,
                "{\"action\": \"terminate\", \"time\": \"2026-12-02T08:02:00Z\"}")) {
            notices(imds, false).check();

            assertThat(drains).isEmpty();
        }
    }

    @Test
    void theTerminatingLifecycleStateDrainsWithTheFullGrace() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.TARGET_LIFECYCLE_STATE,
                "Terminated")) {
            notices(imds, false).check();

            assertThat(drains).containsExactly("lifecycle hook (target lifecycle state Terminated) / PT10M");
        }
    }

    @Test
    void anInServiceLifecycleStateIsNoNotice() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.TARGET_LIFECYCLE_STATE,
                "InService")) {
            notices(imds, false).check();

            assertThat(drains).isEmpty();
        }
    }

    @Test
    void aRebalanceRecommendationDrainsASpotHostWithTheFullGrace() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.REBALANCE,
                "{\"noticeTime\": \"2026-12-02T07:59:00Z\"}")) {
            notices(imds, true).check();

            assertThat(drains).containsExactly("rebalance recommendation / PT10M");
        }
    }

    @Test
    void theFirstNoticeDrainsOnceHoweverOftenItIsSeen() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.TARGET_LIFECYCLE_STATE,
                "Terminated")) {
            InstanceNotices watcher = notices(imds, false);
            watcher.check();
            watcher.check();

            assertThat(drains).hasSize(1);
        }
    }

    @Test
    void aSpotHostDrainingForItsRebalanceRecommendationStillReadsTheInterruptionNoticeOnceAndOnlyThat()
            throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.REBALANCE,
                "{\"noticeTime\": \"2026-12-02T07:59:00Z\"}")) {
            InstanceNotices watcher = notices(imds, true);
            watcher.check();
            watcher.check();
            imds.set(InstanceMetadata.SPOT_ACTION, "{\"action\": \"terminate\", \"time\": \"2026-12-02T08:02:00Z\"}");
            watcher.check();
            watcher.check();

            // the rebalance drain with the full 10 min, then the notice's 120 s less the 20 s margin, each once
            assertThat(drains).containsExactly("rebalance recommendation / PT10M",
                    "spot interruption notice / PT1M40S");
        }
    }
}
