package io.benchfleet.jobdefs.workload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlan;

/**
 * Generates a heavy-tailed workload for a plan: each task has a typical duration drawn log-normally around
 * {@code median} with shape {@code taskSigma} (some tasks are much longer than others), each attempt varies around its
 * task's typical duration with shape {@code attemptSigma}, and no trial exceeds {@code max} (the agent timeout ends
 * it). Deterministic per seed, task and attempt, so the same parameters give the same workload anywhere.
 *
 * <p>The defaults model terminal-bench with a frontier agent: median 5 minutes, a long tail, a 25-minute limit (agent
 * 900 s + verifier 600 s).
 */
public record HeavyTailedWorkload(Duration median, double taskSigma, double attemptSigma, Duration max, long seed) {

    public static final HeavyTailedWorkload TERMINAL_BENCH = new HeavyTailedWorkload(Duration.ofMinutes(5), 0.7,
            0.35, Duration.ofMinutes(25), 42);

    public HeavyTailedWorkload {
        if (median.isNegative() || median.isZero() || max.compareTo(median) < 0) {
            throw new IllegalArgumentException("workload median must be > 0 and max >= median (median " + median
                    + ", max " + max + ")");
        }
        if (taskSigma < 0 || attemptSigma < 0) {
            throw new IllegalArgumentException("workload sigmas must be >= 0");
        }
    }

    public TrialDurations generate(PartitionPlan plan) {
        Map<String, Duration> byKey = new LinkedHashMap<>();
        for (Partition p : plan.partitions()) {
            double task = Math.exp(taskSigma * gaussian(new SplittableRandom(seed * 31 + p.task().hashCode())));
            double attempt = Math.exp(attemptSigma * gaussian(new SplittableRandom(seed * 17 + p.key().hashCode())));
            long millis = Math.min(max.toMillis(), Math.round(median.toMillis() * task * attempt));
            byKey.put(p.key(), Duration.ofMillis(Math.max(1, millis)));
        }
        return new TrialDurations(byKey);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
