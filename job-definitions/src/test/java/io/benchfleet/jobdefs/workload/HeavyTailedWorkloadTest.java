package io.benchfleet.jobdefs.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import org.junit.jupiter.api.Test;

class HeavyTailedWorkloadTest {

    private final PartitionPlan plan = new PartitionPlanner().plan(new BenchmarkSpecReader().read(
            Path.of("examples/terminal-bench-750.yaml")), ExpectedDurations.NONE);

    @Test
    void theSameParametersGiveTheSameWorkload() {
        TrialDurations a = HeavyTailedWorkload.TERMINAL_BENCH.generate(plan);
        TrialDurations b = HeavyTailedWorkload.TERMINAL_BENCH.generate(plan);

        assertThat(a.byKey()).isEqualTo(b.byKey()).hasSize(750);
        assertThat(a.byKey().keySet()).containsExactlyElementsOf(plan.partitions().stream().map(p -> p.key())
                .toList());
    }

    @Test
    void anotherSeedGivesAnotherWorkload() {
        HeavyTailedWorkload other = new HeavyTailedWorkload(Duration.ofMinutes(5), 0.7, 0.35, Duration.ofMinutes(25),
                7);

        assertThat(other.generate(plan).byKey()).isNotEqualTo(HeavyTailedWorkload.TERMINAL_BENCH.generate(plan)
                .byKey());
    }

    @Test
    void durationsHaveAHeavyRightTailCappedAtTheLimit() {
        List<Long> seconds = HeavyTailedWorkload.TERMINAL_BENCH.generate(plan).byKey().values().stream()
                .map(Duration::toSeconds).sorted().toList();
        long median = seconds.get(seconds.size() / 2);
        long p95 = seconds.get(seconds.size() * 95 / 100);

        assertThat(median).isBetween(200L, 400L);
        assertThat(p95).isGreaterThan(2 * median);
        assertThat(seconds.get(seconds.size() - 1)).isEqualTo(25 * 60L);
    }

    @Test
    void attemptsOfOneTaskVaryAroundTheTasksTypicalDuration() {
        TrialDurations w = HeavyTailedWorkload.TERMINAL_BENCH.generate(plan);
        String task = plan.partitions().get(0).task();

        List<Duration> attempts = plan.partitions().stream().filter(p -> p.task().equals(task))
                .map(p -> w.of(p.key()).orElseThrow()).distinct().toList();

        assertThat(attempts).hasSizeGreaterThan(5);
    }

    @Test
    void nonsensicalParametersAreRefused() {
        assertThatThrownBy(() -> new HeavyTailedWorkload(Duration.ZERO, 0.7, 0.3, Duration.ofMinutes(1), 1))
                .hasMessageContaining("median must be > 0");
        assertThatThrownBy(() -> new HeavyTailedWorkload(Duration.ofMinutes(5), -1, 0.3, Duration.ofMinutes(25), 1))
                .hasMessageContaining("sigmas must be >= 0");
    }
}
