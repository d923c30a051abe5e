package io.benchfleet.worker.trial.simulated;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.benchfleet.jobdefs.harbor.AgentDatasetStats;
import io.benchfleet.jobdefs.harbor.HarborJobResult;
import io.benchfleet.jobdefs.harbor.JobStats;
import io.benchfleet.jobdefs.harbor.TrialResult;

/**
 * Adds one finished trial to a job's {@code result.json}, like Harbor's {@code JobStats.increment} followed by
 * {@code update_progress_counts}: counts, the eval's reward and exception statistics and mean, token and cost totals,
 * and the live progress (nothing running, the rest pending, finished once every trial completed).
 */
final class JobResultUpdate {

    private JobResultUpdate() {
    }

    /**
     * @param job   the job result so far, or {@code null} to start one (started when this trial started)
     * @param jobId the job's id
     * @param now   the time of the update
     */
    static HarborJobResult apply(HarborJobResult job, String jobId, SimulatedTrial trial, Instant now) {
        if (job == null) {
            job = new HarborJobResult(jobId, naive(trial.startedAt()), null, null, 0, null);
        }
        TrialOutput output = trial.output();
        JobStats stats = job.stats() != null ? job.stats()
                : new JobStats(0, 0, 0, 0, 0, 0, Map.of(), null, null, null, null);
        int completed = count(stats.nCompletedTrials()) + 1;
        int errored = count(stats.nErroredTrials());
        int cancelled = count(stats.nCancelledTrials());

        String evalKey = output.agentName() + (trial.bareModelName() == null ? "" : "__" + trial.bareModelName())
                + "__" + (output.source() == null ? "adhoc" : output.source());
        Map<String, AgentDatasetStats> evals = copy(stats.evals());
        AgentDatasetStats eval = evals.get(evalKey);
        int evalTrials = eval == null ? 0 : count(eval.nTrials());
        int evalErrors = eval == null ? 0 : count(eval.nErrors());
        Map<String, Map<String, List<String>>> rewardStats = copy(eval == null ? null : eval.rewardStats());
        Map<String, List<String>> exceptionStats = copy(eval == null ? null : eval.exceptionStats());
        if (output.scored()) {
            evalTrials++;
            Map<String, List<String>> byValue = copy(rewardStats.get(TrialResult.REWARD_KEY));
            append(byValue, Double.toString(output.reward()), trial.name());
            rewardStats.put(TrialResult.REWARD_KEY, byValue);
        }
        if (output.exceptionType() != null) {
            evalErrors++;
            errored++;
            append(exceptionStats, output.exceptionType(), trial.name());
            if ("CancelledError".equals(output.exceptionType())) {
                cancelled++;
            }
        }
        evals.put(evalKey, new AgentDatasetStats(evalTrials, evalErrors,
                List.of(Map.of("mean", meanReward(rewardStats, exceptionStats))),
                eval == null || eval.passAtK() == null ? Map.of() : eval.passAtK(), rewardStats, exceptionStats));

        int total = Math.max(completed, output.jobTotalTrials() != null ? output.jobTotalTrials()
                : count(job.nTotalTrials()));
        LocalDateTime updated = naive(now);
        return new HarborJobResult(jobId, job.startedAt() != null ? job.startedAt() : updated, updated,
                completed >= total ? updated : null, total,
                new JobStats(completed, errored, 0, Math.max(total - completed, 0), cancelled,
                        count(stats.nRetries()), evals, plus(stats.nInputTokens(), output.nInputTokens()),
                        plus(stats.nCacheTokens(), output.nCacheTokens()),
                        plus(stats.nOutputTokens(), output.nOutputTokens()), plus(stats.costUsd(), output.costUsd())));
    }

    /**
     * Harbor's mean metric: the sum of the rewards over every completed trial of the eval, unscored trials counting
     * as 0. The trials are those named in the reward or exception stats.
     */
    private static double meanReward(Map<String, Map<String, List<String>>> rewardStats,
            Map<String, List<String>> exceptionStats) {
        Set<String> trials = new LinkedHashSet<>();
        double sum = 0;
        Map<String, List<String>> byValue = Objects.requireNonNullElse(rewardStats.get(TrialResult.REWARD_KEY), Map.of());
        for (Map.Entry<String, List<String>> entry : byValue.entrySet()) {
            Double reward = parseOrNull(entry.getKey());
            for (String name : entry.getValue() == null ? List.<String>of() : entry.getValue()) {
                if (trials.add(name) && reward != null) {
                    sum += reward;
                }
            }
        }
        exceptionStats.values().stream().filter(Objects::nonNull).forEach(trials::addAll);
        return trials.isEmpty() ? 0.0 : sum / trials.size();
    }

    private static Double parseOrNull(String text) {
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }

    private static void append(Map<String, List<String>> lists, String key, String name) {
        List<String> names = new ArrayList<>(Objects.requireNonNullElse(lists.get(key), List.of()));
        names.add(name);
        lists.put(key, names);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    /** A job total with one trial's amount added: unchanged when the trial has none, the amount if it was absent. */
    private static Long plus(Long total, Long amount) {
        return amount == null ? total : Long.valueOf(total == null ? amount : total + amount);
    }

    private static Double plus(Double total, Double amount) {
        return amount == null ? total : Double.valueOf(total == null ? amount : total + amount);
    }

    /** Job timestamps: naive UTC to the microsecond, as Harbor's job writes {@code datetime.now()}. */
    private static LocalDateTime naive(Instant instant) {
        return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
