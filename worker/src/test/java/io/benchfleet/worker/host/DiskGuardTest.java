package io.benchfleet.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.benchfleet.worker.config.DiskProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The disk guard on this machine's real file system, with thresholds set around what it has free. */
class DiskGuardTest {

    @TempDir
    Path jobsDir;

    long freeBytes() throws Exception {
        return Files.getFileStore(jobsDir).getUsableSpace();
    }

    DiskGuard guard(long minFreeBytes) {
        return new DiskGuard(jobsDir, new DiskProperties(DataSize.ofBytes(minFreeBytes), List.of(),
                Duration.ofSeconds(30)), Clock.systemUTC());
    }

    @Test
    void aHostWithMoreFreeThanTheThresholdTakesPartitions() throws Exception {
        DiskGuard guard = guard(freeBytes() / 2);

        assertThat(guard.admits()).isTrue();
        assertThat(guard.draining()).isFalse();
        assertThat(guard.state().low()).isFalse();
    }

    @Test
    void aThresholdAboveWhatIsFreeDrainsTheHostAfterAskingOnceForSpaceAndSaysWhy() throws Exception {
        long free = freeBytes();
        DiskGuard guard = guard(free + DataSize.ofGigabytes(1000).toBytes());
        AtomicLong asked = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        guard.reclaimWith(wanted -> {
            calls.incrementAndGet();
            asked.set(wanted);
            return 0;
        });

        assertThat(guard.admits()).isFalse();
        assertThat(guard.admits()).isFalse();

        assertThat(guard.draining()).isTrue();
        assertThat(calls.get()).as("once per recheck-after, not per message").isEqualTo(1);
        // asked for the shortfall: the threshold minus what is free (free space moves a little between reads)
        assertThat(asked.get()).isCloseTo(DataSize.ofGigabytes(1000).toBytes(),
                org.assertj.core.data.Offset.offset(DataSize.ofMegabytes(500).toBytes()));
        assertThat(guard.state().describe()).contains(jobsDir.toString()).contains("GB free of")
                .contains("needs").contains("benchfleet.worker.disk.min-free");
    }

    @Test
    void spaceTheReclaimerFreesLetsTheHostTakePartitionsAtOnce() throws Exception {
        // a 512 MiB file stands for the images the reclaimer prunes; the bar is 256 MiB above what is left free
        Path images = jobsDir.resolve("images.bin");
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(images)) {
            for (int i = 0; i < 512; i++) {
                out.write(block);
            }
        }
        DiskGuard guard = guard(freeBytes() + (256L << 20));
        guard.reclaimWith(wanted -> {
            try {
                long size = Files.size(images);
                Files.delete(images);
                return size;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThat(guard.admits()).as("freed 512 MiB against a 256 MiB shortfall").isTrue();
        assertThat(guard.draining()).isFalse();
        assertThat(images).doesNotExist();
    }

    @Test
    void aJobsDirectoryNotCreatedYetIsMeasuredOnTheFileSystemItWillBeOn() throws Exception {
        DiskGuard guard = new DiskGuard(jobsDir.resolve("not/yet/there"), new DiskProperties(DataSize.ofBytes(1),
                List.of(), null), Clock.systemUTC());

        assertThat(guard.admits()).isTrue();
        assertThat(guard.state().volumes().get(0).problem()).isNull();
        assertThat(guard.state().volumes().get(0).usableBytes()).isPositive();
    }

    @Test
    void theHostStatusAWorkerRegistryReadsSaysDrainingDisk() throws Exception {
        DiskGuard guard = guard(freeBytes() + DataSize.ofGigabytes(1000).toBytes());
        LocalTrialDirectories directories = new LocalTrialDirectories();
        HostStatus status = new HostStatus("host-1", guard, directories, () -> true, true, Clock.systemUTC(),
                null, null, Duration.ofMinutes(15));
        guard.admits();

        HostStatus.State state = status.current();

        assertThat(state.draining()).isTrue();
        assertThat(state.drainingReasons()).containsExactly(HostStatus.DISK);
        assertThat(state.host()).isEqualTo("host-1");
        assertThat(state.disk().low()).isTrue();
    }
}
