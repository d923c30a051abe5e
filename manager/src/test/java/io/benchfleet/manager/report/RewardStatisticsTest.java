package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RewardStatisticsTest {

    private static final double FOUR_DECIMALS = 0.00005;

    @ParameterizedTest(name = "{0}/{1} -> [{2}, {3}]")
    @CsvSource({
            "0,   10,  0.0,    0.2775",
            "5,   10,  0.2366, 0.7634",
            "10,  10,  0.7225, 1.0",
            "81,  263, 0.2553, 0.3662",
            "1,   1,   0.2065, 1.0",
            "0,   1,   0.0,    0.7935",
            "50,  100, 0.4038, 0.5962"})
    void computesTheWilsonScoreIntervalAtNinetyFivePercent(long successes, long n, double low, double high) {
        double[] ci = RewardStatistics.wilson(successes, n, RewardStatistics.Z95);

        assertThat(ci).hasSize(2);
        assertThat(ci[0]).isCloseTo(low, within(FOUR_DECIMALS));
        assertThat(ci[1]).isCloseTo(high, within(FOUR_DECIMALS));
        double p = (double) successes / n;
        assertThat(ci[0]).isBetween(0.0, p);
        assertThat(ci[1]).isLessThanOrEqualTo(1.0).isGreaterThanOrEqualTo(p - 1e-12);
    }

    @Test
    void givesAnEmptyIntervalForNoTrials() {
        assertThat(RewardStatistics.wilson(0, 0, RewardStatistics.Z95)).containsExactly(0.0, 0.0);
    }

    @Test
    void neverLeavesTheUnitInterval() {
        for (int n = 1; n <= 300; n++) {
            for (int s = 0; s <= n; s++) {
                double[] ci = RewardStatistics.wilson(s, n, RewardStatistics.Z95);
                assertThat(ci[0]).isBetween(0.0, 1.0);
                assertThat(ci[1]).isBetween(0.0, 1.0);
                assertThat(ci[0]).isLessThanOrEqualTo(ci[1]);
            }
        }
    }

    @Test
    void narrowsAsTrialsGrowAtTheSameRate() {
        double[] small = RewardStatistics.wilson(5, 10, RewardStatistics.Z95);
        double[] large = RewardStatistics.wilson(500, 1000, RewardStatistics.Z95);

        assertThat(large[1] - large[0]).isLessThan(small[1] - small[0]);
    }

    @Test
    void usesTheTwoSidedNinetyFivePercentQuantile() {
        assertThat(RewardStatistics.Z95).isCloseTo(1.96, within(0.0001));
    }

    @ParameterizedTest(name = "pass@{2} with {1} of {0} passing = {3}")
    @CsvSource({
            "5,  0, 1, 0.0",
            "5,  0, 5, 0.0",
            "5,  5, 1, 1.0",
            "5,  5, 5, 1.0",
            "5,  2, 1, 0.4",
            "5,  2, 2, 0.7",
            "5,  2, 3, 0.9",
            "5,  2, 4, 1.0",
            "5,  1, 3, 0.6",
            "5,  1, 5, 1.0",
            "1,  1, 1, 1.0",
            "1,  0, 1, 0.0"})
    void computesTheUnbiasedPassAtK(int n, int c, int k, double expected) {
        assertThat(RewardStatistics.passAtK(n, c, k)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void matchesTheBinomialFormulaForTenAttempts() {
        // 1 - C(7,5)/C(10,5) = 1 - 21/252
        assertThat(RewardStatistics.passAtK(10, 3, 5)).isCloseTo(1 - 21.0 / 252.0, within(1e-12));
        for (int c = 0; c <= 10; c++) {
            for (int k = 1; k <= 10; k++) {
                double expected = 1 - (double) binomial(10 - c, k) / binomial(10, k);
                assertThat(RewardStatistics.passAtK(10, c, k)).as("c=%d k=%d", c, k)
                        .isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void passAtOneIsThePassRate() {
        assertThat(RewardStatistics.passAtK(7, 3, 1)).isCloseTo(3.0 / 7, within(1e-12));
    }

    @Test
    void refusesKAboveTheNumberOfAttempts() {
        assertThatThrownBy(() -> RewardStatistics.passAtK(3, 1, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pass@4 needs at least 4 attempts, got 3");
    }

    @Test
    void takesTheNearestRankPercentile() {
        List<Long> five = List.of(15L, 20L, 35L, 40L, 50L);

        assertThat(RewardStatistics.percentile(five, 0.05)).isEqualTo(15L);
        assertThat(RewardStatistics.percentile(five, 0.30)).isEqualTo(20L);
        assertThat(RewardStatistics.percentile(five, 0.40)).isEqualTo(20L);
        assertThat(RewardStatistics.percentile(five, 0.50)).isEqualTo(35L);
        assertThat(RewardStatistics.percentile(five, 0.95)).isEqualTo(50L);
        assertThat(RewardStatistics.percentile(five, 1.0)).isEqualTo(50L);
    }

    @Test
    void takesTheLowerMiddleForAnEvenCount() {
        List<Long> four = List.of(10L, 20L, 30L, 40L);

        assertThat(RewardStatistics.percentile(four, 0.5)).isEqualTo(20L);
        assertThat(RewardStatistics.percentile(four, 0.95)).isEqualTo(40L);
        assertThat(RewardStatistics.percentile(four, 0.0)).isEqualTo(10L);
    }

    @Test
    void takesTheOnlyValueOfASingleton() {
        assertThat(RewardStatistics.percentile(List.of(7L), 0.5)).isEqualTo(7L);
        assertThat(RewardStatistics.percentile(List.of(7L), 0.95)).isEqualTo(7L);
    }

    @Test
    void takesTheExactRankOfTwentyValues() {
        List<Long> values = LongStream.rangeClosed(1, 20).boxed().toList();

        assertThat(RewardStatistics.percentile(values, 0.5)).isEqualTo(10L);
        assertThat(RewardStatistics.percentile(values, 0.95)).isEqualTo(19L);
    }

    @Test
    void hasNoPercentileOfNothing() {
        assertThat(RewardStatistics.percentile(List.of(), 0.5)).isNull();
    }

    private static long binomial(int n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        long result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
