package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reports say when trials are simulated, and when two compared runs ran with different configurations. */
class ProvenanceReportTest {

    static final String OPUS = "anthropic/claude-opus-4-1";

    static RunProvenance provenance(String executor, String harbor, String agentVersion, String fixGitChecksum) {
        return provenance(executor, harbor, OPUS, agentVersion, fixGitChecksum);
    }

    static RunProvenance provenance(String executor, String harbor, String model, String agentVersion,
            String fixGitChecksum) {
        return RunProvenance.of(List.of(
                new RunProvenance.Group(executor, harbor, "claude-code", model, agentVersion, "fix-git",
                        fixGitChecksum, 3),
                new RunProvenance.Group(executor, harbor, "claude-code", model, agentVersion, "regex-log",
                        "sha256:bbb", 3)));
    }

    @Test
    void theLatestResultsAreSummedPerExecutorWithTheVersionsAndChecksumsTheyRecorded() {
        RunProvenance p = RunProvenance.of(List.of(
                new RunProvenance.Group("docker", "0.22.0", "claude-code", OPUS, "2.0.31", "fix-git", "sha256:aaa", 4),
                new RunProvenance.Group("simulated", null, "claude-code", OPUS, "simulated", "fix-git", null, 2),
                new RunProvenance.Group(null, null, "oracle", null, null, "regex-log", null, 1)));

        assertThat(p.executors()).containsExactly(Map.entry("docker", 4), Map.entry("simulated", 2),
                Map.entry("unknown", 1));
        assertThat(p.simulatedTrials()).isEqualTo(2);
        assertThat(p.rehearsal()).isTrue();
        assertThat(p.harborVersions()).containsExactly("0.22.0");
        assertThat(p.agentVersions()).containsExactly(Map.entry("claude-code", List.of("2.0.31", "simulated")));
        assertThat(p.taskChecksums()).containsExactly(Map.entry("fix-git", List.of("sha256:aaa")));
        assertThat(p.models()).containsExactly("claude-code anthropic/claude-opus-4-1", "oracle");
    }

    @Test
    void aReportWithAnySimulatedTrialCarriesTheRehearsalBannerInHtmlAndSummary() {
        RunReport report = ReportFixtures.currentReport().withProvenance(RunProvenance.of(List.of(
                new RunProvenance.Group("simulated", null, "oracle", null, "simulated", "fix-git", null, 1),
                new RunProvenance.Group("docker", "0.22.0", "oracle", null, "1.0", "fix-git", null, 23))));

        String html = new HtmlReport().render(report, ReportFixtures.current(), "r");
        String summary = new SummaryMarkdown().render(report);

        assertThat(html).contains("id=\"rehearsal\"").contains("REHEARSAL &mdash; simulated trials:")
                .contains("1 of 24 trials were produced by the simulated executor");
        assertThat(summary).contains("**REHEARSAL - simulated trials:** 1 of 24 trials were produced by the "
                + "simulated executor");
    }

    @Test
    void aReportWithoutSimulatedTrialsHasNoBanner() {
        RunReport report = ReportFixtures.currentReport().withProvenance(provenance("docker", "0.22.0", "2.0.31",
                "sha256:aaa"));

        assertThat(new HtmlReport().render(report, ReportFixtures.current(), "r")).doesNotContain("id=\"rehearsal\"")
                .doesNotContain("REHEARSAL");
        assertThat(new SummaryMarkdown().render(report)).doesNotContain("REHEARSAL");
    }

    @Test
    void theRegressionFlagsConfigurationDriftInHarborTheAgentAndTheTasks() {
        RunProvenance before = provenance("docker", "0.22.0", "2.0.31", "sha256:aaa");
        RunProvenance now = provenance("docker", "0.25.0", "2.0.40", "sha256:ccc");

        assertThat(ConfigurationDrift.between(now, before)).containsExactly("Harbor 0.22.0 -> 0.25.0",
                "agent claude-code 2.0.31 -> 2.0.40", "task checksum changed for 1 task (fix-git)");

        RunReport current = ReportFixtures.currentReport().withProvenance(now);
        RunReport baseline = ReportFixtures.baselineReport().withProvenance(before);
        RunReport compared = current.withRegression(new RegressionAnalysis().compare(current, baseline, "n-1"));
        assertThat(compared.regression().configurationDrift()).hasSize(3);
        assertThat(new HtmlReport().render(compared, ReportFixtures.current(), "r")).contains("id=\"drift\"")
                .contains("Configuration drift:").contains("Harbor 0.22.0 -&gt; 0.25.0");
        assertThat(new SummaryMarkdown().render(compared)).contains("**configuration drift**: Harbor 0.22.0 -> "
                + "0.25.0; agent claude-code 2.0.31 -> 2.0.40; task checksum changed for 1 task (fix-git)");
    }

    @Test
    void aRunWithAnotherModelThanItsBaselineDriftsInItsModel() {
        assertThat(ConfigurationDrift.between(provenance("docker", "0.22.0", "openai/gpt-5", "2.0.31", "sha256:aaa"),
                provenance("docker", "0.22.0", OPUS, "2.0.31", "sha256:aaa")))
                .containsExactly("agent/model claude-code anthropic/claude-opus-4-1 -> claude-code openai/gpt-5");
    }

    @Test
    void aSimulatedRunComparedWithARealOneDriftsInItsExecutor() {
        assertThat(ConfigurationDrift.between(provenance("simulated", null, "simulated", null),
                provenance("docker", "0.22.0", "2.0.31", "sha256:aaa")))
                .containsExactly("executor docker -> simulated", "agent claude-code 2.0.31 -> simulated");
    }

    @Test
    void runsWithTheSameConfigurationOrWithoutRecordedOnesShowNoDrift() {
        RunProvenance p = provenance("docker", "0.22.0", "2.0.31", "sha256:aaa");
        assertThat(ConfigurationDrift.between(p, p)).isEmpty();
        assertThat(ConfigurationDrift.between(p, RunProvenance.NONE)).as("a baseline from before V5").isEmpty();

        RunReport current = ReportFixtures.currentReport().withProvenance(p);
        RunReport compared = current.withRegression(new RegressionAnalysis().compare(current,
                ReportFixtures.baselineReport().withProvenance(p), "n-1"));
        assertThat(new HtmlReport().render(compared, ReportFixtures.current(), "r")).doesNotContain("id=\"drift\"");
        assertThat(new SummaryMarkdown().render(compared)).doesNotContain("configuration drift");
    }
}
