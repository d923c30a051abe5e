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
}
