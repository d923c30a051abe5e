package io.benchfleet.jobdefs.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class HarborTrialResultTest {

    private static HarborTrialResult trial(String taskName, AgentContext agentResult, StepResult... steps) {
        return new HarborTrialResult(null, taskName, null, null, null, null, null, null, null, agentResult, null,
                null, null, null, null, null, null, null, null, steps.length == 0 ? null : Arrays.asList(steps));
    }

    private static StepResult step(AgentContext agentResult) {
        return new StepResult("step", agentResult, null, null, null, null);
    }

    @Test
    void sumsTheStepTotalsEvenWhenOnlySomeStepsRecordACost() {
        HarborTrialResult trial = trial("git-multibranch", null,
                step(AgentContext.of(100L, null, 10L, null)), step(null),
                step(AgentContext.of(50L, 5L, null, 0.5)));

        AgentContext totals = trial.tokenCostTotals();

        // 100 + 50 input, 5 cache (one step), 10 output (one step), 0.5 USD (one step)
        assertThat(totals.nInputTokens()).isEqualTo(150L);
        assertThat(totals.nCacheTokens()).isEqualTo(5L);
        assertThat(totals.nOutputTokens()).isEqualTo(10L);
        assertThat(totals.costUsd()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void takesTheTopLevelAgentResultOverTheStepsLikeHarbor() {
        HarborTrialResult trial = trial("fix-git", AgentContext.of(7L, null, null, null),
                step(AgentContext.of(100L, null, null, null)));

        assertThat(trial.tokenCostTotals().nInputTokens()).isEqualTo(7L);
    }

    @Test
    void hasNoTotalsWithoutAgentResultOrSteps() {
        assertThat(trial("fix-git", null).tokenCostTotals().isEmpty()).isTrue();
        assertThat(trial("fix-git", null, step(null)).tokenCostTotals().isEmpty()).isTrue();
    }

    @Test
    void stripsTheOrgPrefixAndTakesABlankTaskNameAsMissing() {
        assertThat(trial("terminal-bench/largest-eigenval", null).bareTaskName()).isEqualTo("largest-eigenval");
        assertThat(trial("fix-git", null).bareTaskName()).isEqualTo("fix-git");
        assertThat(trial("terminal-bench/ ", null).bareTaskName()).isNull();
        assertThat(trial(null, null).bareTaskName()).isNull();
    }

    @Test
    void keepsPhasesWithAKnownEndAndDropsEmptyOnesInTheDomainView() {
        PhaseTiming empty = new PhaseTiming(null, null);
        PhaseTiming started = new PhaseTiming(java.time.Instant.EPOCH, null);
        HarborTrialResult harbor = new HarborTrialResult(null, "fix-git", null, null, null, null, null, null, null,
                null, null, null, null, null, null, empty, started, null, empty, List.of());

        TrialResult result = TrialResult.of(harbor, "fix-git__Q7wErT5");

        assertThat(result.trialName()).isEqualTo("fix-git__Q7wErT5");
        assertThat(result.environmentSetup()).isNull();
        assertThat(result.agentSetup()).isEqualTo(started);
        assertThat(result.verifier()).isNull();
    }
}
