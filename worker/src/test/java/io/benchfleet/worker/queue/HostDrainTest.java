package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.benchfleet.worker.config.DaemonSchedulers;
import io.benchfleet.worker.config.DiskProperties;
import io.benchfleet.worker.config.WorkerProperties;
import io.benchfleet.worker.host.DiskGuard;
import io.benchfleet.worker.host.HostRegistration;
import io.benchfleet.worker.host.HostStatus;
import io.benchfleet.worker.host.LifecycleAction;
import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.host.WorkerRegistry;
import io.benchfleet.worker.testing.BatchRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.unit.DataSize;

/**
 * The drain's order against the real registry (PostgreSQL) with the lifecycle action recorded at the SDK boundary
 * (moto implements neither RecordLifecycleActionHeartbeat nor CompleteLifecycleAction). The consumers are not
 * started here: their intake (release, wait, interrupt) is {@link IntakeGateTest}'s and the chaos suite's.
 */
class HostDrainTest {

    private final BatchRepository repository = BatchRepository.create();
    private final ThreadPoolTaskScheduler scheduler = DaemonSchedulers.of("drain-test-", 2);
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        scheduler.shutdown();
        repository.close();
    }

    private final LifecycleAction recorded = new LifecycleAction() {
        @Override
        public void heartbeat() {
            calls.add("heartbeat " + state());
        }

        @Override
        public void complete() {
            calls.add("complete " + state());
        }
    };

    private String state() {
        return repository.jdbc().queryForObject("SELECT state || ': ' || COALESCE(reason, '-') FROM worker_host",
                String.class);
    }

    private HostDrain drain() throws Exception {
        WorkerProperties properties = new WorkerProperties(true, 1, 2, "w1", null, "simulated", null, null, null, null,
                null);
        WorkerConsumers consumers = new WorkerConsumers(null, null, properties, null, null);
        Path jobs = Files.createTempDirectory("drain-jobs");
        HostStatus status = new HostStatus("w1", new DiskGuard(jobs, new DiskProperties(DataSize.ofBytes(0),
                List.of(), Duration.ofSeconds(1)), Clock.systemUTC()), new LocalTrialDirectories(), () -> true, true,
                Clock.systemUTC(), null, null, Duration.ofMinutes(15));
        HostRegistration registration = new HostRegistration(new WorkerRegistry(repository.jdbc()),
                () -> new WorkerRegistry.Registration("w1", "g", "i-0abc", consumers.slots(), "simulated", "dev"),
                scheduler, Duration.ofHours(1), consumers::busySlots, status::drainingReason, status::bootToReady);
        registration.start();
        return new HostDrain(consumers, status, registration, recorded, scheduler, Duration.ofMillis(50));
    }

    @Test
    void aDrainMarksTheHostDrainingBeatsTheHookMeanwhileThenCompletesTheLifecycleAction() throws Exception {
        HostDrain drain = drain();

        drain.drain("spot interruption notice", Duration.ofSeconds(1));

        assertThat(calls).isNotEmpty();
        assertThat(calls.get(0)).as("the registry says draining before the hook's first heartbeat")
                .isEqualTo("heartbeat draining: spot interruption notice");
        assertThat(calls.get(calls.size() - 1)).isEqualTo("complete draining: spot interruption notice");
        assertThat(calls.stream().filter(c -> c.startsWith("complete"))).hasSize(1);
    }

    @Test
    void aSecondNoticeWhileDrainingChangesNothing() throws Exception {
        HostDrain drain = drain();
        drain.drain("lifecycle hook", Duration.ofSeconds(1));
        int before = calls.size();

        assertThat(drain.drain("rebalance recommendation", Duration.ofSeconds(1))).isEmpty();

        assertThat(calls).hasSize(before);
        assertThat(state()).isEqualTo("draining: lifecycle hook");
    }

    @Test
    void aSpotNoticeDuringALifecycleDrainShortensItsGraceToTheNoticesTime() throws Exception {
        HostDrain drain = drain();
        drain.drain("lifecycle hook", Duration.ofMinutes(10));
        // consumers that never started drain at once; the drain's deadline stays readable
        assertThat(drain.remaining()).hasValueSatisfying(left -> assertThat(left).isGreaterThan(Duration.ofMinutes(9)));

        assertThat(drain.drain("spot interruption notice", Duration.ofSeconds(100))).isEmpty();

        assertThat(drain.remaining()).hasValueSatisfying(left -> assertThat(left)
                .isLessThanOrEqualTo(Duration.ofSeconds(100)).isGreaterThan(Duration.ofSeconds(90)));
        assertThat(state()).as("the drain's reason stays the first notice's").isEqualTo("draining: lifecycle hook");
    }
}
