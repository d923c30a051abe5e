package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fisher's exact test and the two-proportion z-test against values from R. */
class ReportStatisticsTest {

    @ParameterizedTest(name = "[[{0},{1}],[{2},{3}]] -> p={4}")
    @CsvSource({
            // R: fisher.test(matrix(c(a, c, b, d), 2))$p.value
            "1, 9, 11, 3, 0.002759456",
            "3, 1, 1, 3, 0.4857143",
            "4, 0, 0, 4, 0.02857143",
            "2, 0, 0, 2, 0.3333333",
            "0, 5, 5, 0, 0.007936508",
            "2, 3, 3, 2, 1.0",
            "10, 0, 0, 0, 1.0",
            "0, 0, 0, 0, 1.0",
            "7, 3, 2, 8, 0.06977852",
            "45, 55, 30, 70, 0.04053401"})
    void computesFishersExactTestTwoSided(int a, int b, int c, int d, double expected) {
        assertThat(RewardStatistics.fisherExactTwoSided(a, b, c, d)).isCloseTo(expected, within(2e-6));
        assertThat(RewardStatistics.fisherExactTwoSided(b, a, d, c)).as("symmetric").isCloseTo(expected,
                within(2e-6));
    }

    @ParameterizedTest(name = "{0}/{1} vs {2}/{3} -> z={4}, p={5}")
    @CsvSource({
            // R: prop.test(c(x1, x2), c(n1, n2), correct = FALSE): z = sign * sqrt(X-squared)
            "45, 100, 30, 100, 2.190890, 0.02845974",
            "30, 100, 45, 100, -2.190890, 0.02845974",
            "50, 100, 50, 100, 0.0, 1.0",
            "0, 6, 6, 6, -3.464102, 0.0005320055",
            "449, 750, 430, 750, 0.995999, 0.3192505"})
    void computesTheTwoProportionZTest(long x1, long n1, long x2, long n2, double z, double p) {
        RewardStatistics.ZTest test = RewardStatistics.twoProportionZ(x1, n1, x2, n2);

        assertThat(test.z()).isCloseTo(z, within(1e-5));
        assertThat(test.pValue()).isCloseTo(p, within(1e-6));
    }

    @Test
    void treatsEmptyOrDegenerateSamplesAsNoEvidence() {
        assertThat(RewardStatistics.twoProportionZ(0, 0, 3, 5)).isEqualTo(new RewardStatistics.ZTest(0, 1));
        assertThat(RewardStatistics.twoProportionZ(5, 5, 7, 7)).isEqualTo(new RewardStatistics.ZTest(0, 1));
    }

    @Test
    void approximatesErfcClosely() {
        assertThat(RewardStatistics.erfc(0)).isCloseTo(1.0, within(1e-7));
        assertThat(RewardStatistics.erfc(1)).isCloseTo(0.157299207, within(1e-7));
        assertThat(RewardStatistics.erfc(1.959963984540054 / Math.sqrt(2))).isCloseTo(0.05, within(1e-7));
        assertThat(RewardStatistics.erfc(-1)).isCloseTo(1.842700793, within(1e-7));
    }
}
