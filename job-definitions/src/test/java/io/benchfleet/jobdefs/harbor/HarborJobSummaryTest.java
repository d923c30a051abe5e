package io.benchfleet.jobdefs.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The job result Harbor 0.22 would write for a set of trials. Expected values are worked out by hand from Harbor's
 * rules (harbor/models/job/result.py, harbor/metrics/mean.py, harbor/utils/pass_at_k.py), cited at each assertion.
 */
class HarborJobSummaryTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    static TrialResult trial(String task, int n, Double reward, String exception, Long tokens, Double cost) {
        return new TrialResult("id-" + task + n, task, task + "__trial" + n, "terminal-bench", null, "claude-code",
                "2.0.31", "claude-opus-4-1", "anthropic", reward == null ? Map.of() : Map.of("reward", reward),
                exception, exception == null ? null : "message", null, tokens, null, tokens == null ? null : 10L, cost,
                T0.plusSeconds(60L * n), T0.plusSeconds(60L * n + 30), null, null, null, null);
    }

    @Test
    void countsRewardAndExceptionStatsMeanAndPassAtKOfOneEvalLikeHarbor() {
        List<TrialResult> trials = List.of(
                trial("fix-git", 1, 1.0, null, 100L, 0.5),
                trial("fix-git", 2, 0.0, "AgentTimeoutError", 100L, 0.5),
                trial("fix-git", 3, 1.0, null, 100L, 0.5),
                trial("regex-log", 4, 0.0, null, null, null),
                trial("regex-log", 5, null, "RuntimeError", null, null),
                trial("regex-log", 6, 0.0, null, null, null));

        HarborJobResult job = HarborJobSummary.of("job-1", trials);

        assertThat(job.nTotalTrials()).isEqualTo(6);
        assertThat(job.stats().nCompletedTrials()).isEqualTo(6);
        assertThat(job.stats().nErroredTrials()).as("two trials recorded an exception").isEqualTo(2);
        assertThat(job.stats().nInputTokens()).isEqualTo(300);
        assertThat(job.stats().costUsd()).isEqualTo(1.5, within(1e-12));
        AgentDatasetStats eval = job.stats().evals().get("claude-code__claude-opus-4-1__terminal-bench");
        assertThat(eval.nTrials()).as("scored trials: all but the unscored RuntimeError").isEqualTo(5);
        assertThat(eval.nErrors()).isEqualTo(2);
        assertThat(eval.rewardStats().get("reward")).containsEntry("1.0", List.of("fix-git__trial1",
                "fix-git__trial3")).containsEntry("0.0", List.of("fix-git__trial2", "regex-log__trial4",
                "regex-log__trial6"));
        assertThat(eval.exceptionStats()).containsEntry("AgentTimeoutError", List.of("fix-git__trial2"))
                .containsEntry("RuntimeError", List.of("regex-log__trial5"));
        // Mean: (1 + 0 + 1 + 0 + 0 + 0) / 6, the unscored trial as 0
        assertThat(eval.metrics()).hasSize(1);
        assertThat(eval.metrics().get(0).get("mean")).isEqualTo(1.0 / 3, within(1e-12));
        // 3 trials per task: k in {2}. fix-git n=3 c=2: n-c < k -> 1; regex-log c=0: 1 - (3/3)(2/2) = 0
        assertThat(eval.passAtK()).containsExactly(Map.entry("2", 0.5));
        assertThat(job.startedAt()).isEqualTo(LocalDateTime.parse("2026-11-23T10:01:00"));
        assertThat(job.finishedAt()).isEqualTo(LocalDateTime.parse("2026-11-23T10:06:30"));
    }

    @Test
    void passAtKForFiveAttemptsCoversTwoFourAndFive() {
        List<TrialResult> trials = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            trials.add(trial("fix-git", i, i == 1 ? 1.0 : 0.0, null, null, null));
        }

        Map<String, Double> passAtK = HarborJobSummary.of("j", trials).stats().evals()
                .get("claude-code__claude-opus-4-1__terminal-bench").passAtK();

        // n=5, c=1: k=2: 1 - (4/5)(3/4) = 0.4; k=4: 1 - (4/5)(3/4)(2/3)(1/2) = 0.8; k=5: n-c = 4 < 5 -> 1
        assertThat(passAtK.keySet()).containsExactly("2", "4", "5");
        assertThat(passAtK.get("2")).isEqualTo(0.4, within(1e-12));
        assertThat(passAtK.get("4")).isEqualTo(0.8, within(1e-12));
        assertThat(passAtK.get("5")).isEqualTo(1.0);
        assertThat(HarborJobSummary.eligibleK(20)).containsExactly(2, 4, 5, 8, 10, 15, 16, 20);
    }

    @Test
    void multiKeyRewardsHaveAMeanPerKeyAndNoPassAtK() {
        TrialResult a = new TrialResult("a", "t", "t__a", null, null, "oracle", null, null, null,
                Map.of("tests", 1.0, "style", 0.5), null, null, null, null, null, null, null, T0, T0, null, null, null,
                null);
        TrialResult b = new TrialResult("b", "t", "t__b", null, null, "oracle", null, null, null,
                Map.of("tests", 0.0), null, null, null, null, null, null, null, T0, T0, null, null, null, null);

        AgentDatasetStats eval = HarborJobSummary.of("j", List.of(a, b)).stats().evals().get("oracle__adhoc");

        // style: (0.5 + 0) / 2; tests: (1 + 0) / 2
        assertThat(eval.metrics().get(0)).containsExactly(Map.entry("style", 0.25), Map.entry("tests", 0.5));
        assertThat(eval.passAtK()).isEmpty();
    }
}
