package io.benchfleet.manager.report;

import java.util.List;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.BinomialTest;
import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.interval.BinomialConfidenceInterval;
import org.apache.commons.statistics.interval.Interval;

/**
 * The statistics a benchmark report needs, as plain functions: the tests, intervals and tails come from Apache
 * Commons Statistics; pass@k, percentiles and the Benjamini-Hochberg adjustment are a few lines each here.
 */
public final class RewardStatistics {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private RewardStatistics() {
    }

    /**
     * Wilson score interval for {@code successes} out of {@code n} at the two-sided level of {@code z} (Commons
     * Statistics' {@link BinomialConfidenceInterval#WILSON_SCORE}); [0, 0] when n is 0.
     */
    public static double[] wilson(long successes, long n, double z) {
        if (n == 0) {
            return new double[] {0, 0};
        }
        Interval ci = BinomialConfidenceInterval.WILSON_SCORE.fromErrorRate(Math.toIntExact(n),
                Math.toIntExact(successes), 2 * STANDARD_NORMAL.survivalProbability(z));
        return new double[] {Math.max(0, ci.getLowerBound()), Math.min(1, ci.getUpperBound())};
    }

    /**
     * Unbiased pass@k for one task with {@code n} attempts of which {@code c} passed:
     * {@code 1 - C(n-c, k) / C(n, k)} = {@code 1 - prod_{i<k} (n-c-i)/(n-i)}; 1 when fewer than k attempts failed.
     */
    public static double passAtK(int n, int c, int k) {
        if (k > n) {
            throw new IllegalArgumentException("pass@" + k + " needs at least " + k + " attempts, got " + n);
        }
        if (n - c < k) {
            return 1.0;
        }
        double allFail = 1.0;
        for (int i = 0; i < k; i++) {
            allFail *= (double) (n - c - i) / (n - i);
        }
        return 1.0 - allFail;
    }

    /** Nearest-rank percentile of a sorted list; null for an empty list. */
    public static Long percentile(List<Long> sorted, double fraction) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
    /**
     * Fisher's exact test, two-sided, for the 2x2 table [[a, b], [c, d]] (Commons Statistics'
     * {@link FisherExactTest}: the probabilities of every table with the same margins no more likely than the
     * observed one, as R's {@code fisher.test}); 1 for an empty table.
     */
    public static double fisherExactTwoSided(int a, int b, int c, int d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("negative cell in 2x2 table");
        }
        if (a + b + c + d == 0) {
            return 1.0;
        }
        return Math.min(1.0, FisherExactTest.withDefaults().test(new int[][] {{a, b}, {c, d}}).getPValue());
    }

    /**
     * The exact binomial (sign) test, two-sided, of {@code wins} against {@code losses} with equal chances (Commons
     * Statistics' {@link BinomialTest}, R's {@code binom.test(wins, wins + losses)}); 1 without any.
     */
    public static double signTest(int wins, int losses) {
        if (wins + losses == 0) {
            return 1.0;
        }
        return BinomialTest.withDefaults().test(wins + losses, wins, 0.5).getPValue();
    }

    /**
     * Benjamini-Hochberg adjusted p-values (R's {@code p.adjust(p, "BH", n = m)}) of {@code p}, a part of a family of
     * {@code m >= p.length} tests whose other members have p = 1 (they cannot be discoveries, but they count): the
     * i-th smallest becomes {@code min over j >= i of m p(j) / j}, at most 1; returned in the order given.
     */
    public static double[] benjaminiHochberg(double[] p, int m) {
        if (m < p.length) {
            throw new IllegalArgumentException("a family of " + m + " tests cannot hold " + p.length + " p-values");
        }
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adjusted = new double[p.length];
        double running = 1.0;
        for (int rank = p.length; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            adjusted[i] = Math.min(1.0, running);
        }
        return adjusted;
    }

    /** Result of a two-proportion z-test: the z statistic (positive when p1 > p2) and its two-sided p-value. */
    public record ZTest(double z, double pValue) {
    }

    /**
     * Two-proportion z-test with the pooled standard error ({@code prop.test(correct = FALSE)} in R): compares
     * {@code x1/n1} with {@code x2/n2}. z is 0 and p 1 when either sample is empty or the pooled rate is 0 or 1.
     */
    public static ZTest twoProportionZ(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return new ZTest(0, 1);
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new ZTest(0, 1);
        }
        double z = (p1 - p2) / se;
        return new ZTest(z, Math.min(1.0, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z))));
    }

    /** The complementary error function, {@code erfc(x) = 2 P(Z > x sqrt 2)} for a standard normal Z. */
    static double erfc(double x) {
        return 2 * STANDARD_NORMAL.survivalProbability(x * Math.sqrt(2));
    }
}
