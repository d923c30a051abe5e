package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The numbers of {@code plan}, against examples computed by hand. */
class FleetPlanTest {

    @Test
    void theReferenceRunFitsInOneWaveOn188Hosts() {
        List<Long> trials = Collections.nCopies(750, 600L);

        FleetPlan plan = FleetPlan.of(trials, 200, 4, Duration.ofMinutes(3), 0.4032, 0.6, 0.80);

        // ceil(750 / 4) = 188 <= 200 hosts; 752 slots >= 750 partitions -> one wave of 600 s.
        assertThat(plan.hosts()).isEqualTo(188);
        assertThat(plan.totalSlots()).isEqualTo(752);
        assertThat(plan.waves()).isEqualTo(1);
        assertThat(plan.makespanSeconds()).isEqualTo(600);
        assertThat(plan.wallSeconds()).isEqualTo(780);
        // 188 hosts x 780 s = 146,640 host-seconds = 40.7333 host-hours; x $0.4032 = $16.4237; spot 40% = $6.5695.
        assertThat(plan.hostHours()).isCloseTo(40.7333, within(1e-4));
        assertThat(plan.ec2OnDemandUsd()).isCloseTo(16.4237, within(1e-4));
        assertThat(plan.ec2SpotUsd()).isCloseTo(6.5695, within(1e-4));
        assertThat(plan.llmCostUsd()).isCloseTo(600.0, within(1e-9));
    }

    @Test
    void aCappedFleetRunsInWavesOfItsSlots() {
        // 750 trials on 50 hosts x 4 = 200 slots: 4 waves (200, 200, 200, 150) of 600 s each.
        FleetPlan plan = FleetPlan.of(Collections.nCopies(750, 600L), 50, 4, Duration.ZERO, 1.0, 0.5, null);

        assertThat(plan.hosts()).isEqualTo(50);
        assertThat(plan.waves()).isEqualTo(4);
        assertThat(plan.makespanSeconds()).isEqualTo(2400);
        assertThat(plan.hostHours()).isCloseTo(50 * 2400 / 3600.0, within(1e-9));
        assertThat(plan.ec2SpotUsd()).isCloseTo(plan.ec2OnDemandUsd() / 2, within(1e-9));
        assertThat(plan.llmCostUsd()).isNull();
    }

    @Test
    void unevenTrialsOnTwentySlotsFinishWhenTheGreedyScheduleSays() {
        // 5 hosts x 4 slots = 20 slots. 28 trials: 4 x 500 s, 16 x 300 s, 8 x 250 s.
        // Longest first: the 20 slots take the 4 x 500 and 16 x 300. The slots running 300 s trials free up first
        // (at 300 s); the 8 x 250 s trials go to 8 of them and finish at 550 s. The 500 s trials end at 500 s.
        // Makespan 550 s - not 2 waves x 500 s = 1000 s.
        List<Long> trials = new ArrayList<>();
        trials.addAll(Collections.nCopies(8, 250L));
        trials.addAll(Collections.nCopies(16, 300L));
        trials.addAll(Collections.nCopies(4, 500L));

        FleetPlan plan = FleetPlan.of(trials, 5, 4, Duration.ofSeconds(60), 0.4032, 0.6, null);

        assertThat(plan.hosts()).isEqualTo(5);
        assertThat(plan.totalSlots()).isEqualTo(20);
        assertThat(plan.waves()).isEqualTo(2);
        assertThat(plan.makespanSeconds()).isEqualTo(550);
        assertThat(plan.wallSeconds()).isEqualTo(610);
    }

    @Test
    void greedySchedulingPutsEachTrialOnTheSlotThatFreesUpFirst() {
        // 3 slots, trials 7,6,5,4,3,2 (longest first): 7->s1, 6->s2, 5->s3; 4->s3 (free at 5: 9), 3->s2 (6: 9),
        // 2->s1 (7: 9). Makespan 9 = sum 27 / 3: a perfect fit.
        assertThat(FleetPlan.makespan(List.of(3L, 7L, 2L, 5L, 6L, 4L), 3)).isEqualTo(9);
        // 2 slots, 3,3,2,2,2: 3->a, 3->b, 2->a(5), 2->b(5), 2->a(7). LPT gives 7 (the optimum is 6).
        assertThat(FleetPlan.makespan(List.of(3L, 3L, 2L, 2L, 2L), 2)).isEqualTo(7);
    }

    @Test
    void aShortRunIsBilledForAtLeastOneMinutePerHost() {
        FleetPlan plan = FleetPlan.of(List.of(10L, 10L), 10, 4, Duration.ZERO, 3.6, 0.6, null);

        assertThat(plan.hosts()).isEqualTo(1);
        assertThat(plan.hostHours()).isCloseTo(60 / 3600.0, within(1e-12));
        assertThat(plan.ec2OnDemandUsd()).isCloseTo(0.06, within(1e-12));
    }

    @Test
    void nothingToRunNeedsNoHostsAndCostsNothing() {
        FleetPlan plan = FleetPlan.of(List.of(), 10, 4, Duration.ofMinutes(3), 0.4, 0.6, 1.0);

        assertThat(plan.hosts()).isZero();
        assertThat(plan.waves()).isZero();
        assertThat(plan.wallSeconds()).isZero();
        assertThat(plan.ec2OnDemandUsd()).isZero();
        assertThat(plan.llmCostUsd()).isZero();
    }
}
