package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import io.benchfleet.manager.run.PartitionProgress;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;

/**
 * How one run's held partitions are released by its share. Every expected count is worked out by hand in the test
 * from the rule: in flight at most share + headroom, headroom = max(1, partitions finished in the busier of the last
 * two rounds), nothing for a share of zero, only the headroom while the fleet's slots are unknown.
 */
class PartitionReleaseTest {

    private static final JobExecution JOB = MetaDataInstanceFactory.createJobExecution();

    private static List<StepExecution> partitions(int n) {
        List<StepExecution> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(MetaDataInstanceFactory.createStepExecution(JOB, "trial:t" + i + "__a01", 100L + i));
        }
        return list;
    }

    /** Counts of a run of {@code total} partitions with {@code finished} completed and the rest STARTING. */
    private static PartitionProgress progress(int total, int finished) {
        return new PartitionProgress(Map.of(BatchStatus.COMPLETED, finished, BatchStatus.STARTING, total - finished));
    }

    @Test
    void aRunReleasesItsShareAndTheHeadroomThenAsManyMoreAsFinishedPlusTheGrownHeadroom() {
        PartitionRelease release = new PartitionRelease(JOB.getId(), (id, left) -> OptionalLong.of(4));
        release.hold(partitions(20));

        // share 4 + minimum headroom 1 = 5 in flight
        assertThat(release.due()).hasSize(5);
        assertThat(release.held()).isEqualTo(15);
        // a first round, nothing finished: in flight 20 - 0 - 15 held = 5 = the allowance, nothing more
        assertThat(release.due(progress(20, 0))).isEmpty();
        // 3 finished since: headroom max(1, 3) = 3, allowance 4 + 3 = 7, in flight 20 - 3 - 15 = 2 -> 5 more
        assertThat(release.due(progress(20, 3))).hasSize(5);
        assertThat(release.held()).isEqualTo(10);
        // 1 finished since: the busier of the last two rounds still had 3 -> allowance 7, in flight 20 - 4 - 10 = 6
        assertThat(release.due(progress(20, 4))).hasSize(1);
    }

    @Test
    void partitionsAreReleasedInTheOrderHeldAndEachOnceEvenWhenHeldTwice() {
        PartitionRelease release = new PartitionRelease(JOB.getId(), SlotShare.UNLIMITED);
        List<StepExecution> all = partitions(5);
        release.hold(all.subList(0, 3));
        release.hold(all);

        assertThat(release.due()).containsExactlyElementsOf(all);
        assertThat(release.due(progress(5, 0))).isEmpty();
    }

    @Test
    void aRunWhoseShareIsZeroReleasesNothingUntilItGetsSlots() {
        AtomicLong share = new AtomicLong(0);
        PartitionRelease release = new PartitionRelease(JOB.getId(), (id, left) -> OptionalLong.of(share.get()));
        release.hold(partitions(10));

        assertThat(release.due()).isEmpty();
        share.set(3);
        // 3 + headroom 1; nothing in flight yet (10 - 0 - 10 held)
        assertThat(release.due(progress(10, 0))).hasSize(4);
    }

    @Test
    void whileNoWorkerHostIsRegisteredOnlyTheHeadroomGoesOut() {
        PartitionRelease release = new PartitionRelease(JOB.getId(), (id, left) -> OptionalLong.empty());
        release.hold(partitions(10));

        assertThat(release.due()).hasSize(PartitionRelease.MIN_HEADROOM);
        assertThat(release.lastShare()).isEmpty();
    }

    @Test
    void theShareIsAskedWithWhatTheRunStillHasToRun() {
        List<Long> asked = new ArrayList<>();
        PartitionRelease release = new PartitionRelease(JOB.getId(), (id, left) -> {
            asked.add(left);
            return OptionalLong.of(2);
        });
        release.hold(partitions(10));
        release.due();
        // 2 + 1 released of 10; then 3 finished: 10 - 3 = 7 left (7 held + 0 in flight)
        release.due(progress(10, 3));

        assertThat(asked).containsExactly(10L, 7L);
    }

    @Test
    void aWithdrawnRunReleasesNothingMore() {
        PartitionRelease release = new PartitionRelease(JOB.getId(), SlotShare.UNLIMITED);
        release.hold(partitions(4));
        release.withdraw();
        release.hold(partitions(2));

        assertThat(release.due()).isEmpty();
        assertThat(release.held()).isZero();
    }

    @Test
    void partitionsThatCouldNotBeSentAreHeldAgainAtTheHeadAndGoOutFirstNextRound() {
        PartitionRelease release = new PartitionRelease(JOB.getId(), (id, left) -> OptionalLong.of(3));
        List<StepExecution> all = partitions(6);
        release.hold(all);
        List<StepExecution> first = release.due(); // 3 + headroom 1 = 4

        release.unsent(first);

        assertThat(release.held()).isEqualTo(6);
        // nothing in flight (6 - 0 - 6 held): the same 4, in their order
        assertThat(release.due(progress(6, 0))).containsExactlyElementsOf(all.subList(0, 4));
    }
}
