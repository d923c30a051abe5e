package io.benchfleet.jobdefs.harbor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The job {@code result.json} Harbor (0.22) writes when a job of these trials ends, computed the way Harbor does:
 * {@code JobStats.from_trial_results} (counts, per {@code <agent>__<model>__<dataset>} eval the reward and exception
 * statistics, token and cost totals; {@code harbor/models/job/result.py}), the dataset's default metric, Mean
 * ({@code harbor/metrics/mean.py}: unscored trials count as 0), and pass@k ({@code harbor/utils/pass_at_k.py}: only
 * for single-key 0/1 rewards, unscored trials as failures, k in {2, 4, 8, ...} and {5, 10, 15, ...} up to the fewest
 * trials of any task). Used to merge the Harbor job directories of a run's partitions into one Harbor job.
 */
public final class HarborJobSummary {

    private HarborJobSummary() {
    }

    /** The finished job of {@code trials}, with id {@code jobId}; times from the trials' first start and last end. */
    public static HarborJobResult of(String jobId, List<TrialResult> trials) {
        int errored = 0;
        int cancelled = 0;
        Long input = null;
        Long cache = null;
        Long output = null;
        Double cost = null;
        Map<String, List<TrialResult>> byEval = new LinkedHashMap<>();
        for (TrialResult t : trials) {
            byEval.computeIfAbsent(evalKey(t), k -> new ArrayList<>()).add(t);
            if (t.exceptionType() != null) {
                errored++;
                if ("CancelledError".equals(t.exceptionType())) {
                    cancelled++;
                }
            }
            input = plus(input, t.nInputTokens());
            cache = plus(cache, t.nCacheTokens());
            output = plus(output, t.nOutputTokens());
            cost = t.costUsd() == null ? cost : Double.valueOf((cost == null ? 0 : cost) + t.costUsd());
        }
        Map<String, AgentDatasetStats> evals = new LinkedHashMap<>();
        byEval.forEach((key, list) -> evals.put(key, evalStats(list)));
        Instant started = trials.stream().map(TrialResult::startedAt).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
        Instant finished = trials.stream().map(TrialResult::finishedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        JobStats stats = new JobStats(trials.size(), errored, 0, 0, cancelled, 0, evals, input, cache, output, cost);
        return new HarborJobResult(jobId, naive(started), naive(finished), naive(finished), trials.size(), stats);
    }

    /** Harbor's {@code format_agent_evals_key}: {@code agent__model__dataset}, or {@code agent__dataset}. */
    public static String evalKey(TrialResult t) {
        String dataset = t.source() == null ? "adhoc" : t.source();
        return t.modelName() == null || t.modelName().isEmpty() ? t.agentName() + "__" + dataset
                : t.agentName() + "__" + t.modelName() + "__" + dataset;
    }

    private static AgentDatasetStats evalStats(List<TrialResult> trials) {
        int scored = 0;
        int errors = 0;
        Map<String, Map<String, List<String>>> rewardStats = new TreeMap<>();
        Map<String, List<String>> exceptionStats = new TreeMap<>();
        for (TrialResult t : trials) {
            if (t.scored()) {
                scored++;
                t.rewards().forEach((key, value) -> rewardStats.computeIfAbsent(key, k -> new TreeMap<>())
                        .computeIfAbsent(Double.toString(value), v -> new ArrayList<>()).add(t.trialName()));
            }
            if (t.exceptionType() != null) {
                errors++;
                exceptionStats.computeIfAbsent(t.exceptionType(), k -> new ArrayList<>()).add(t.trialName());
            }
        }
        return new AgentDatasetStats(scored, errors, List.of(mean(trials)), passAtK(trials), rewardStats,
                exceptionStats);
    }

    /** Harbor's Mean: per reward key the mean over every trial, unscored trials (and missing keys) as 0. */
    static Map<String, Double> mean(List<TrialResult> trials) {
        TreeSet<String> keys = new TreeSet<>();
        trials.forEach(t -> keys.addAll(t.rewards().keySet()));
        Map<String, Double> metric = new LinkedHashMap<>();
        if (keys.size() <= 1) {
            double sum = 0;
            for (TrialResult t : trials) {
                sum += t.rewards().isEmpty() ? 0 : t.rewards().values().iterator().next();
            }
            metric.put("mean", trials.isEmpty() ? 0 : sum / trials.size());
            return metric;
        }
        for (String key : keys) {
            double sum = trials.stream().mapToDouble(t -> t.rewards().getOrDefault(key, 0.0)).sum();
            metric.put(key, sum / trials.size());
        }
        return metric;
    }

    /** Harbor's pass@k of one eval; empty unless every scored trial has one reward of 0 or 1. */
    static Map<String, Double> passAtK(List<TrialResult> trials) {
        Map<String, List<Integer>> successes = new LinkedHashMap<>();
        for (TrialResult t : trials) {
            List<Integer> task = successes.computeIfAbsent(t.taskName(), k -> new ArrayList<>());
            if (!t.scored()) {
                task.add(0);
                continue;
            }
            if (t.rewards().size() != 1) {
                return Map.of();
            }
            double value = t.rewards().values().iterator().next();
            if (value != 0 && value != 1) {
                return Map.of();
            }
            task.add((int) value);
        }
        if (successes.isEmpty()) {
            return Map.of();
        }
        int fewest = successes.values().stream().mapToInt(List::size).min().orElse(0);
        Map<String, Double> result = new LinkedHashMap<>();
        for (int k : eligibleK(fewest)) {
            double sum = 0;
            for (List<Integer> s : successes.values()) {
                sum += passAtK(s.size(), s.stream().mapToInt(Integer::intValue).sum(), k);
            }
            result.put(Integer.toString(k), sum / successes.size());
        }
        return Collections.unmodifiableMap(result);
    }

    /** {2, 4, 8, ...} and {5, 10, 15, ...} up to {@code max}, sorted. */
    static List<Integer> eligibleK(int max) {
        TreeSet<Integer> ks = new TreeSet<>();
        for (int k = 2; k <= max; k *= 2) {
            ks.add(k);
        }
        for (int k = 5; k <= max; k += 5) {
            ks.add(k);
        }
        return List.copyOf(ks);
    }

    private static double passAtK(int n, int c, int k) {
        if (n - c < k) {
            return 1.0;
        }
        double product = 1.0;
        for (int i = 0; i < k; i++) {
            product *= (double) (n - c - i) / (n - i);
        }
        return 1.0 - product;
    }

    private static Long plus(Long total, Long amount) {
        return amount == null ? total : Long.valueOf(total == null ? amount : total + amount);
    }

    /** Job timestamps: naive UTC to the microsecond, as Harbor's job writes {@code datetime.now()}. */
    private static LocalDateTime naive(Instant instant) {
        return instant == null ? null
                : LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
