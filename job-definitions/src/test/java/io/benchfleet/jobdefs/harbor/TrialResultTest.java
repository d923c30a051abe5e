package io.benchfleet.jobdefs.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TrialResultTest {

    private static final Instant T0 = Instant.parse("2026-08-22T14:00:00Z");

    @Test
    void prefersTheRewardKeyOverTheMeanOfOtherKeys() {
        Map<String, Double> rewards = new LinkedHashMap<>();
        rewards.put("style", 0.0);
        rewards.put("reward", 1.0);

        TrialResult result = withRewards(rewards);

        assertThat(result.reward()).hasValue(1.0);
        assertThat(result.passed()).isTrue();
    }

    @Test
    void passesOnlyAtARewardOfAtLeastOne() {
        assertThat(withRewards(Map.of("reward", 0.99)).passed()).isFalse();
        assertThat(withRewards(Map.of("reward", 1.0)).passed()).isTrue();
        assertThat(withRewards(Map.of("a", 1.0, "b", 1.0)).passed()).isTrue();
        assertThat(withRewards(Map.of()).passed()).isFalse();
    }

    @Test
    void treatsNullRewardsAndNullRewardValuesAsUnscored() {
        Map<String, Double> nullValue = new HashMap<>();
        nullValue.put("reward", null);

        assertThat(withRewards(null).scored()).isFalse();
        assertThat(withRewards(nullValue).scored()).isFalse();
        assertThat(withRewards(nullValue).reward()).isEmpty();
    }

    @Test
    void copiesTheRewardsSoLaterChangesDoNotLeakIn() {
        Map<String, Double> rewards = new HashMap<>(Map.of("reward", 1.0));
        TrialResult result = withRewards(rewards);
        rewards.put("reward", 0.0);

        assertThat(result.reward()).hasValue(1.0);
    }

    @Test
    void measuresDurationsOnlyWhenBothEndsAreKnownAndInOrder() {
        assertThat(new PhaseTiming(T0, T0.plusSeconds(90)).duration()).hasValue(Duration.ofSeconds(90));
        assertThat(new PhaseTiming(T0, null).duration()).isEmpty();
        assertThat(new PhaseTiming(null, T0).duration()).isEmpty();
        assertThat(new PhaseTiming(T0.plusSeconds(1), T0).duration()).isEmpty();
    }

    private static TrialResult withRewards(Map<String, Double> rewards) {
        return new TrialResult("id", "fix-git", "fix-git__Q7wErT5", null, null, "oracle", "1.0.0", null, null, rewards,
                null, null, null, null, null, null, null, T0, T0.plusSeconds(60), null, null, null, null);
    }
}
