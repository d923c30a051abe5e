package io.benchfleet.jobdefs.harbor;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one agent, model and dataset within a job: Harbor's {@code AgentDatasetStats}
 * ({@code harbor/models/job/result.py}).
 *
 * @param nTrials        scored trials
 * @param nErrors        trials with an exception
 * @param metrics        the dataset's metrics, e.g. {@code [{"mean": 0.5}]}
 * @param passAtK        pass@k by k
 * @param rewardStats    per reward key, per reward value ({@code "1.0"}), the trial names
 * @param exceptionStats per exception type, the trial names
 */
public record AgentDatasetStats(
        Integer nTrials,
        Integer nErrors,
        List<Map<String, Double>> metrics,
        Map<String, Double> passAtK,
        Map<String, Map<String, List<String>>> rewardStats,
        Map<String, List<String>> exceptionStats) {
}
