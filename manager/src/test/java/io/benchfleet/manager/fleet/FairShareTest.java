package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Shares of the registered slots, worked out by hand in each test. */
class FairShareTest {

    private static FleetDemand.RunDemand run(long id, int partitions, int priority) {
        return new FleetDemand.RunDemand(id, partitions, 0, 1000, priority);
    }

    @Test
    void aLargeRunDoesNotStarveASmallerOneOfEqualPriorityStartedAfterIt() {
        // 100 slots, both want more than 50: 50 each
        assertThat(FairShare.of(100, List.of(run(1, 10_000, 1), run(2, 750, 1)), 4))
                .containsOnly(Map.entry(1L, 50L), Map.entry(2L, 50L));
    }

    @Test
    void aRunThatNeedsLessThanAnEvenPartLeavesTheRestToTheOthers() {
        // 10 slots among 3: even part 3.33; run 1 needs 2 -> 2; 8 left for 2 runs -> 4 each
        Map<Long, Long> shares = FairShare.of(10, List.of(run(1, 2, 1), run(2, 10, 1), run(3, 10, 1)), 4);

        assertThat(shares).containsEntry(1L, 2L).containsEntry(2L, 4L).containsEntry(3L, 4L);
    }

    @Test
    void higherPriorityTakesWhatItCanUseFirstAndTheLowerRunFillsTheRest() {
        // 40 slots: high needs 20 -> 20; low wants 1000 -> the 20 left
        assertThat(FairShare.of(40, List.of(run(1, 1000, 0), run(2, 20, 2)), 4))
                .containsEntry(1L, 20L).containsEntry(2L, 20L);
    }

    @Test
    void anUnevenSplitGivesTheRemainderOneSlotEachAndNothingIsLost() {
        // 7 slots, two runs wanting 100: 3 each and 1 left over -> 4 and 3
        Map<Long, Long> shares = FairShare.of(7, List.of(run(1, 100, 1), run(2, 100, 1)), 4);

        assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
        assertThat(shares.values()).containsExactlyInAnyOrder(4L, 3L);
    }

    @Test
    void aRunsHostLimitBoundsItsShare() {
        // run 1 limited to 2 hosts x 4 slots = 8; run 2 takes the other 12 of 20
        FleetDemand.RunDemand limited = new FleetDemand.RunDemand(1, 100, 0, 2, 1);

        assertThat(FairShare.of(20, List.of(limited, run(2, 100, 1)), 4)).containsEntry(1L, 8L)
                .containsEntry(2L, 12L);
    }
}
