package io.benchfleet.manager.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.harbor.json.HarborJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The leaderboard rules against job configs in the shape Harbor 0.22 writes them (defaults left out). */
class LeaderboardCheckTest {

    static JsonNode config(String json) {
        return HarborJson.MAPPER.readTree(json);
    }

    static final Map<String, Integer> FIVE_EACH = Map.of("fix-git", 5, "regex-log", 6);

    @Test
    void aDefaultConfigWithFiveTrialsPerTaskIsValid() {
        LeaderboardCheck check = LeaderboardCheck.of(config("""
                {"job_name": "x", "jobs_dir": "/j", "agents": [{"name": "claude-code",
                 "model_name": "anthropic/claude-opus-4-1"}], "datasets": [{"name": "terminal-bench"}]}"""),
                null, FIVE_EACH, 0, 0, List.of());

        assertThat(check.valid()).isTrue();
        assertThat(check.reasons()).isEmpty();
    }

    @Test
    void aTimeoutMultiplierOtherThanOneAndEveryKindOfOverrideIsNamed() {
        LeaderboardCheck check = LeaderboardCheck.of(config("""
                {"timeout_multiplier": 1.5, "agent_timeout_multiplier": 2.0,
                 "environment": {"override_cpus": 4, "override_memory_mb": null},
                 "verifier": {"max_timeout_sec": 1200.0},
                 "agents": [{"name": "claude-code", "override_timeout_sec": 3600.0}]}"""),
                null, FIVE_EACH, 0, 0, List.of());

        assertThat(check.valid()).isFalse();
        assertThat(check.reasons()).containsExactly(
                "timeout multiplier 1.5 (the leaderboard requires 1.0): run with timeouts.multiplier 1.0",
                "timeout or resource overrides: agent_timeout_multiplier=2.0, environment.override_cpus=4, "
                        + "verifier.max_timeout_sec=1200.0, agents[0].override_timeout_sec=3600.0");
    }

    @Test
    void simulatedTrialsMissingPartitionsAndDifferingConfigsAreEachAReason() {
        LeaderboardCheck check = LeaderboardCheck.of(config("{}"), "fix-git__a02 differs from fix-git__a01 in "
                + "'timeout_multiplier'", Map.of("fix-git", 4, "regex-log", 5), 9, 1,
                List.of("regex-log__a05: its archive is still pending on worker h1"));

        assertThat(check.valid()).isFalse();
        assertThat(check.reasons()).containsExactly(
                "the partitions ran with different Harbor job configurations: fix-git__a02 differs from "
                        + "fix-git__a01 in 'timeout_multiplier'",
                "1 of 2 tasks have fewer than 5 trials with a result: fix-git (4)",
                "9 trials are simulated (a rehearsal): their results are invented",
                "1 trials do not record which executor produced them (recorded before benchfleet kept it)",
                "1 planned partitions have no exported trial: regex-log__a05: its archive is still pending on worker "
                        + "h1");
    }
}
