package io.benchfleet.worker.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.benchfleet.jobdefs.Json;

/**
 * When this host came up, the start of its boot-to-ready time: on EC2 the instance's launch ({@code pendingTime} of
 * the instance identity document: when the instance entered {@code pending}, before the kernel started), else the
 * kernel's boot ({@code /proc/uptime}; what EC2 spends before the kernel starts is then not counted).
 *
 * @param at   the moment
 * @param from {@link #INSTANCE_LAUNCH} or {@link #KERNEL_BOOT}
 */
public record HostStart(Instant at, String from) {

    public static final String INSTANCE_LAUNCH = "instance launch";
    public static final String KERNEL_BOOT = "kernel boot";
    public static final String IDENTITY_DOCUMENT = "/latest/dynamic/instance-identity/document";
    private static final Path UPTIME = Path.of("/proc/uptime");

    /** From the metadata when there is one that answers, else from the kernel; null when neither is known. */
    public static HostStart of(InstanceMetadata metadata, Clock clock) {
        if (metadata != null) {
            HostStart launch = metadata.get(IDENTITY_DOCUMENT).map(HostStart::launch).orElse(null);
            if (launch != null) {
                return launch;
            }
        }
        Duration uptime = uptime(UPTIME);
        return uptime == null ? null : new HostStart(clock.instant().minus(uptime), KERNEL_BOOT);
    }

    /** {@code pendingTime} of an instance identity document, null when absent or unreadable. */
    static HostStart launch(String identityDocument) {
        try {
            String pending = Json.MAPPER.readTree(identityDocument).path("pendingTime").asString("");
            return pending.isBlank() ? null : new HostStart(Instant.parse(pending), INSTANCE_LAUNCH);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The first number of {@code /proc/uptime} (seconds since the kernel booted), null where there is no such file. */
    static Duration uptime(Path file) {
        try {
            String first = Files.readString(file).trim().split("\\s+")[0];
            return Duration.ofMillis(Math.round(Double.parseDouble(first) * 1000));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The boot-to-ready time of a host that became ready at {@code readyAt}, or null when this worker process
     * started more than {@code bootWindow} after the host came up: a restart, whose start-up says nothing about how
     * long a new host takes.
     */
    public BootToReady until(Instant readyAt, Instant processStart, Duration bootWindow) {
        if (processStart != null && Duration.between(at, processStart).compareTo(bootWindow) > 0) {
            return null;
        }
        return new BootToReady(Math.max(0, Duration.between(at, readyAt).toSeconds()), from);
    }

    /**
     * How long a host took from its start to taking partitions.
     *
     * @param seconds whole seconds
     * @param from    what the time is measured from ({@link #INSTANCE_LAUNCH}, {@link #KERNEL_BOOT})
     */
    public record BootToReady(long seconds, String from) {
    }
}
