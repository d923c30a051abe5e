package io.benchfleet.manager.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ListScheduleTest {

    private static List<Duration> seconds(long... s) {
        return java.util.Arrays.stream(s).mapToObj(Duration::ofSeconds).toList();
    }

    @Test
    void theLowerBoundIsTheLongestTrialWhenSlotsAreplenty() {
        assertThat(ListSchedule.lowerBound(seconds(10, 3, 2, 1), 4)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theLowerBoundIsTheTotalSpreadOverTheSlotsWhenSlotsAreScarce() {
        assertThat(ListSchedule.lowerBound(seconds(4, 4, 4, 4, 4, 4), 2)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void longestFirstReachesTheBoundWherePlanOrderLeavesTheLongTrialForLast() {
        // two slots: plan order starts the long trial last (1+1+1 then 6 -> 2 + 6 = 8); longest first: 6
        List<Duration> planOrder = seconds(1, 1, 1, 1, 6);
        List<Duration> longestFirst = seconds(6, 1, 1, 1, 1);

        assertThat(ListSchedule.greedy(planOrder, 2)).isEqualTo(Duration.ofSeconds(8));
        assertThat(ListSchedule.greedy(longestFirst, 2)).isEqualTo(Duration.ofSeconds(6));
        assertThat(ListSchedule.lowerBound(planOrder, 2)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void oneWaveFinishesWithItsLongestTrial() {
        assertThat(ListSchedule.greedy(seconds(3, 9, 2), 8)).isEqualTo(Duration.ofSeconds(9));
    }
}
