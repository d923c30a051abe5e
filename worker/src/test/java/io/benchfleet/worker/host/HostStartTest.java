package io.benchfleet.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.benchfleet.worker.config.DiskProperties;
import io.benchfleet.worker.testing.MovingClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** When a host came up, and how long it took from then to taking partitions. */
class HostStartTest {

    static final Instant LAUNCH = Instant.parse("2026-12-02T10:00:00Z");

    /** The shape of EC2's instance identity document (trimmed), with its pendingTime. */
    static final String IDENTITY = """
            {"accountId":"123456789012","architecture":"x86_64","availabilityZone":"us-east-1a",
             "imageId":"ami-12c6146b","instanceId":"i-0abc","instanceType":"m7i.2xlarge",
             "pendingTime":"2026-12-02T10:00:00Z","region":"us-east-1","version":"2017-09-30"}""";

    @TempDir
    Path dir;

    @Test
    void onEc2TheHostStartsWhenItsInstanceLaunchedAsTheIdentityDocumentSays() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(HostStart.IDENTITY_DOCUMENT, IDENTITY)) {
            HostStart start = HostStart.of(new InstanceMetadata(imds.url()), Clock.systemUTC());

            assertThat(start).isEqualTo(new HostStart(LAUNCH, HostStart.INSTANCE_LAUNCH));
        }
    }

    @Test
    void withoutAnIdentityDocumentTheHostStartsAtTheKernelsBoot() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn()) {
            Clock now = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);

            HostStart start = HostStart.of(new InstanceMetadata(imds.url()), now);

            assertThat(start.from()).isEqualTo(HostStart.KERNEL_BOOT);
            assertThat(start.at()).isBefore(now.instant());
        }
    }

    @Test
    void theKernelsUptimeIsTheFirstNumberOfProcUptime() throws Exception {
        Path uptime = Files.writeString(dir.resolve("uptime"), "354.87 1290.12\n");

        // 354.87 s = 354 870 ms
        assertThat(HostStart.uptime(uptime)).isEqualTo(Duration.ofMillis(354_870));
        assertThat(HostStart.uptime(dir.resolve("absent"))).isNull();
    }

    @Test
    void aHostReadyTwoMinutesAndFiveSecondsAfterItsLaunchTookOneHundredAndTwentyFiveSeconds() {
        HostStart start = new HostStart(LAUNCH, HostStart.INSTANCE_LAUNCH);

        // 10:00:00 launch, the JVM at 10:01:30, ready at 10:02:05: 2 min 5 s = 125 s
        HostStart.BootToReady measured = start.until(Instant.parse("2026-12-02T10:02:05Z"),
                Instant.parse("2026-12-02T10:01:30Z"), Duration.ofMinutes(15));

        assertThat(measured).isEqualTo(new HostStart.BootToReady(125, HostStart.INSTANCE_LAUNCH));
    }

    @Test
    void aWorkerProcessStartedLongAfterItsHostCameUpIsARestartAndMeasuresNothing() {
        HostStart start = new HostStart(LAUNCH, HostStart.KERNEL_BOOT);

        // the process started 20 min after the boot, above the 15 min window
        assertThat(start.until(Instant.parse("2026-12-02T10:20:40Z"), Instant.parse("2026-12-02T10:20:00Z"),
                Duration.ofMinutes(15))).isNull();
    }

    @Test
    void theHostStatusMeasuresItsBootToReadyWhenConsumersAndExecutorAreBothReadyAndTellsItsListenersOnce()
            throws Exception {
        MovingClock clock = new MovingClock(Instant.parse("2026-12-02T10:01:40Z"));
        DiskGuard disk = new DiskGuard(dir, new DiskProperties(DataSize.ofBytes(0), List.of(), Duration.ofSeconds(1)),
                clock);
        HostStatus status = new HostStatus("w1", disk, new LocalTrialDirectories(), () -> true, false, clock,
                new HostStart(LAUNCH, HostStart.INSTANCE_LAUNCH), Instant.parse("2026-12-02T10:01:30Z"),
                Duration.ofMinutes(15));
        List<HostStart.BootToReady> told = new ArrayList<>();
        status.onReady(() -> told.add(status.bootToReady()));

        status.consumersStarted();
        assertThat(status.bootToReady()).as("the executor is not ready yet").isNull();
        clock.advance(Duration.ofSeconds(25));
        status.executorReady();
        status.executorReady();

        // ready at 10:01:40 + 25 s = 10:02:05, 125 s after the 10:00:00 launch
        assertThat(told).containsExactly(new HostStart.BootToReady(125, HostStart.INSTANCE_LAUNCH));
        assertThat(status.current().bootToReady()).isEqualTo(told.get(0));
    }
}
