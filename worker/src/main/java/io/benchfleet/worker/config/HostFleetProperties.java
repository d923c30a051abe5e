package io.benchfleet.worker.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.worker.fleet.*}: this host as a member of a worker group - its registry row, the instance
 * metadata it watches and the terminating lifecycle hook it completes.
 *
 * @param group            worker group of the registry row; default: the Auto Scaling group's name
 *                         ({@code BENCHFLEET_ASG_NAME}), else {@code default} (the manager's
 *                         {@code benchfleet.fleet.group} defaults alike)
 * @param asgName          the host's Auto Scaling group ({@code BENCHFLEET_ASG_NAME}); null off EC2
 * @param drainHook        the terminating lifecycle hook to heartbeat and complete ({@code BENCHFLEET_DRAIN_HOOK_NAME});
 *                         null: none
 * @param instanceMetadata watch the instance metadata (IMDSv2): instance id, lifecycle state, and on spot
 *                         instances the interruption notice and rebalance recommendation. Default: on in an Auto
 *                         Scaling group (asgName set), off elsewhere
 * @param metadataUrl      the metadata service (default {@code http://169.254.169.254}; tests: a loopback stand-in)
 * @param noticeInterval   how often the metadata is polled for a notice (default 5 s)
 * @param hookHeartbeat    how often a drain records a heartbeat on the lifecycle hook (default 60 s, well within
 *                         terraform's hook timeout)
 * @param spotMargin       a spot drain ends this long before the interruption time (default 20 s): interrupted
 *                         trials record their INFRA failure before the host disappears
 * @param region           AWS region of the Auto Scaling API (default: the SDK's provider chain)
 * @param endpoint         Auto Scaling endpoint override (tests: moto); null in production
 * @param accessKey        static credentials for a test endpoint only
 * @param secretKey        see accessKey
 * @param bootWindow       a worker process started later than this after its host came up (instance launch, else
 *                         kernel boot) is a restart, not a boot: it records no boot-to-ready time (default 15 min,
 *                         well above a user-data install)
 */
@ConfigurationProperties("benchfleet.worker.fleet")
public record HostFleetProperties(String group, String asgName, String drainHook, Boolean instanceMetadata,
        URI metadataUrl, Duration noticeInterval, Duration hookHeartbeat, Duration spotMargin, String region,
        URI endpoint, String accessKey, String secretKey, Duration bootWindow) {

    public static final String DEFAULT_GROUP = "default";

    public HostFleetProperties {
        asgName = blankToNull(asgName);
        drainHook = blankToNull(drainHook);
        group = blankToNull(group) == null ? (asgName == null ? DEFAULT_GROUP : asgName) : group.strip();
        instanceMetadata = instanceMetadata == null ? asgName != null : instanceMetadata;
        metadataUrl = metadataUrl == null ? URI.create("http://169.254.169.254") : metadataUrl;
        noticeInterval = noticeInterval == null ? Duration.ofSeconds(5) : noticeInterval;
        hookHeartbeat = hookHeartbeat == null ? Duration.ofSeconds(60) : hookHeartbeat;
        spotMargin = spotMargin == null ? Duration.ofSeconds(20) : spotMargin;
        bootWindow = bootWindow == null ? Duration.ofMinutes(15) : bootWindow;
    }

    /** Off EC2: group {@code default}, no metadata, no hook. */
    public static HostFleetProperties defaults() {
        return new HostFleetProperties(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
