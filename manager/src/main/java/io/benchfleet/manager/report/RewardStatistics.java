package io.benchfleet.manager.report;

import java.util.List;

/** The statistics a benchmark report needs, as plain functions. */
public final class RewardStatistics {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private RewardStatistics() {
    }

    /** Wilson score interval for {@code successes} out of {@code n}; [0, 0] when n is 0. */
    public static double[] wilson(long successes, long n, double z) {
        if (n == 0) {
            return new double[] {0, 0};
        }
        double p = (double) successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
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
     * Fisher's exact test, two-sided, for the 2x2 table [[a, b], [c, d]]: the sum of the hypergeometric
     * probabilities (margins fixed) of every table no more likely than the observed one (R's {@code fisher.test}
     * convention, with a relative tolerance of 1e-7 for ties).
     */
    public static double fisherExactTwoSided(int a, int b, int c, int d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException("negative cell in 2x2 table");
        }
        int row1 = a + b;
        int col1 = a + c;
        int n = a + b + c + d;
        if (n == 0) {
            return 1.0;
        }
        double[] logFact = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            logFact[i] = logFact[i - 1] + Math.log(i);
        }
        int min = Math.max(0, row1 + col1 - n);
        int max = Math.min(row1, col1);
        double observed = hypergeometricLog(a, row1, col1, n, logFact);
        double p = 0;
        for (int x = min; x <= max; x++) {
            double lp = hypergeometricLog(x, row1, col1, n, logFact);
            if (lp <= observed + 1e-7) {
                p += Math.exp(lp);
            }
        }
        return Math.min(1.0, p);
    }

    private static double hypergeometricLog(int x, int row1, int col1, int n, double[] lf) {
        int row2 = n - row1;
        return lf[row1] + lf[row2] + lf[col1] + lf[n - col1] - lf[n] - lf[x] - lf[row1 - x] - lf[col1 - x]
                - lf[row2 - col1 + x];
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
        return new ZTest(z, Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2))));
    }

    /** Complementary error function (Chebyshev fit, relative error below 1.2e-7 everywhere). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
