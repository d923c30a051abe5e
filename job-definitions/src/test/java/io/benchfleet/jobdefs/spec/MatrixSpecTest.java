package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecTestSupport.invalid;
import static io.benchfleet.jobdefs.spec.SpecTestSupport.ordered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionPlan;
import io.benchfleet.jobdefs.plan.PartitionPlanner;
import org.junit.jupiter.api.Test;

/** Matrix specs (configurations of agents x models) and the report options: binding, rules, partitions. */
class MatrixSpecTest {

    private static final String MATRIX = """
            name: matrix
            dataset: terminal-bench@2.0
            tasks: [alpha, beta]
            attempts: 2
            agent: claude-code
            model: anthropic/claude-opus-4-1
            agentKwargs: {max_turns: 50}
            configurations:
              - name: opus
              - name: sonnet
                model: anthropic/claude-sonnet-4-5
                agentKwargs: {max_turns: 80, temperature: 0.2}
              - name: oracle
                agent: oracle
            """;

    private final BenchmarkSpecReader reader = new BenchmarkSpecReader();

    private BenchmarkSpec parse(String yaml) {
        return reader.parse(yaml, "spec.yaml", null);
    }

    @Test
    void aConfigurationTakesWhatItLeavesOutFromTheSpecAndAddsItsArgumentsToTheSpecs() {
        BenchmarkSpec spec = parse(MATRIX);

        assertThat(spec.isMatrix()).isTrue();
        assertThat(spec.matrix()).extracting(Configuration::name, Configuration::agent, Configuration::model,
                Configuration::agentKwargs).containsExactly(
                tuple("opus", "claude-code", "anthropic/claude-opus-4-1", Map.of("max_turns", "50")),
                tuple("sonnet", "claude-code", "anthropic/claude-sonnet-4-5",
                        Map.of("max_turns", "80", "temperature", "0.2")),
                tuple("oracle", "oracle", "anthropic/claude-opus-4-1", Map.of("max_turns", "50")));
        // 3 configurations x 2 tasks x 2 attempts
        assertThat(spec.trialCount()).isEqualTo(12);
    }

    @Test
    void aSpecOfOneAgentIsOneUnnamedConfiguration() {
        BenchmarkSpec spec = parse(MATRIX.substring(0, MATRIX.indexOf("configurations:")));

        assertThat(spec.isMatrix()).isFalse();
        assertThat(spec.matrix()).singleElement().extracting(Configuration::name, Configuration::agent)
                .containsExactly(null, "claude-code");
        assertThat(spec.trialCount()).isEqualTo(4);
    }

    @Test
    void partitionsAreConfigurationsTimesTasksTimesAttemptsKeyedByConfigurationAsOnePathElement() {
        PartitionPlan plan = new PartitionPlanner().plan(parse(MATRIX), ExpectedDurations.NONE);

        assertThat(plan.size()).isEqualTo(12);
        assertThat(plan.partitions()).extracting(Partition::key).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).matches("(opus|sonnet|oracle)__(alpha|beta)__a0[12]"));
        // equal estimates: attempt-major, then task, the configurations side by side
        assertThat(plan.partitions().subList(0, 4)).extracting(Partition::key).containsExactly("opus__alpha__a01",
                "sonnet__alpha__a01", "oracle__alpha__a01", "opus__beta__a01");
        Partition sonnet = plan.byKey().get("sonnet__beta__a02");
        assertThat(sonnet.configuration()).isEqualTo("sonnet");
        assertThat(sonnet.model()).isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(sonnet.agentKwargs()).containsEntry("temperature", "0.2").containsEntry("max_turns", "80");
        assertThat(Partition.fromContext(sonnet.toContext())).isEqualTo(sonnet);
    }

    @Test
    void aSpecOfOneAgentKeepsItsPartitionKeysAndHasNoConfigurationInItsContext() {
        PartitionPlan plan = new PartitionPlanner().plan(parse(MATRIX.substring(0, MATRIX.indexOf("configurations:"))),
                ExpectedDurations.NONE);

        assertThat(plan.partitions()).extracting(Partition::key).containsExactly("alpha__a01", "beta__a01",
                "alpha__a02", "beta__a02");
        assertThat(plan.partitions()).allSatisfy(p -> {
            assertThat(p.configuration()).isNull();
            assertThat(p.toContext()).doesNotContainKey("benchfleet.configuration");
        });
    }

    @Test
    void refusesConfigurationsWithoutANameWithTheSameNameOrWithABadName() {
        InvalidSpecException e = invalid(() -> parse(MATRIX.replace("  - name: oracle\n", "  - name: opus\n")
                .replace("  - name: sonnet\n", "  - name: Sonnet 4.5\n") + "  - agent: nop\n"));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "spec.yaml: configurations: configuration 'opus' is listed twice (give each configuration a name of "
                        + "its own)",
                "spec.yaml: configurations[2].name: text 'Sonnet 4.5' is not valid: expected lower-case letters, "
                        + "digits, '.', '_' or '-', at most 24",
                "spec.yaml: configurations[4].name: is required (lower-case letters, digits, '.', '_' or '-', at "
                        + "most 24; it names the configuration in partition keys and the leaderboard)");
    }

    @Test
    void needsAModelForEveryConfigurationWhoseAgentCallsOne() {
        InvalidSpecException e = invalid(() -> parse("""
                name: matrix
                dataset: terminal-bench@2.0
                tasks: [alpha]
                configurations:
                  - {name: cc, agent: claude-code}
                  - {name: or, agent: oracle}
                """));

        assertThat(e.problems()).containsExactly("spec.yaml: configurations[1].model: is required for agent "
                + "'claude-code' of configuration 'cc' (give provider/model here or at the top of the spec; only "
                + "oracle and nop run without one)");
    }

    @Test
    void needsAnAgentAtTheTopUnlessEveryConfigurationNamesOne() {
        InvalidSpecException e = invalid(() -> parse("""
                name: matrix
                dataset: terminal-bench@2.0
                tasks: [alpha]
                configurations:
                  - {name: or, agent: oracle}
                  - {name: other}
                """));

        assertThat(e.problems()).containsExactly("spec.yaml: agent: is required (a Harbor agent name such as "
                + "claude-code, oracle or nop), unless every configuration names its own agent");
        assertThat(parse("""
                name: matrix
                dataset: terminal-bench@2.0
                tasks: [alpha]
                configurations:
                  - {name: or, agent: oracle}
                  - {name: no, agent: nop}
                """).matrix()).extracting(Configuration::agent).containsExactly("oracle", "nop");
    }

    @Test
    void refusesAConfigurationThatIsNotAMappingAnUnknownFieldAndASecretArgument() {
        InvalidSpecException e = invalid(() -> parse(MATRIX + "  - hello\n  - {name: x, modle: a/b}\n"
                + "  - {name: y, agentKwargs: {api_key: abc}}\n"));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("spec.yaml: configurations[4]: must be "
                + "a list of configurations, each a mapping (name, agent, model, agentKwargs), found text"));
        assertThat(e.problems()).contains("spec.yaml: configurations[5].modle: unknown field (known fields: agent, "
                + "agentKwargs, model, name)");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(
                "spec.yaml: configurations[6].agentKwargs.api_key: looks like a secret"));
    }

    @Test
    void checksThePartitionTargetAgainstConfigurationsTimesTasksTimesAttempts() {
        InvalidSpecException e = invalid(() -> parse(MATRIX + "partitionTarget: 4\n"));

        assertThat(e.problems()).containsExactly("spec.yaml: partitionTarget: is 4 but 3 configurations x 2 tasks x 2 "
                + "attempts make 12 partitions (fix the configurations, the task list, attempts or the target)");
        assertThat(parse(MATRIX + "partitionTarget: 12\n").trialCount()).isEqualTo(12);
    }

    @Test
    void runParametersChooseConfigurationsAndNeverOverrideAMatrixSpecsAgent() {
        BenchmarkSpec spec = parse(MATRIX);

        assertThat(SpecOverrides.apply(spec, Map.of("configurations", "oracle, opus")).matrix())
                .extracting(Configuration::name).containsExactly("opus", "oracle");
        assertThat(invalid(() -> SpecOverrides.apply(spec, Map.of("configurations", "opus,gpt"))).problems())
                .containsExactly("parameter 'configurations': gpt is not in spec 'matrix' (choose from opus, sonnet, "
                        + "oracle)");
        assertThat(invalid(() -> SpecOverrides.apply(spec, ordered("model", "openai/gpt-5"))).problems())
                .containsExactly("parameter 'model': spec 'matrix' lists configurations, each with its own agent "
                        + "and model (choose some with --param configurations=a,b, or change them in the spec)");
        BenchmarkSpec single = parse(MATRIX.substring(0, MATRIX.indexOf("configurations:")));
        assertThat(invalid(() -> SpecOverrides.apply(single, Map.of("configurations", "opus"))).problems())
                .singleElement().asString().startsWith("parameter 'configurations': spec 'matrix' lists no "
                        + "configurations");
    }

    @Test
    void readsTheReportOptionsWithTheirDefaultsAndRefusesAFractionOutsideZeroToOne() {
        assertThat(parse(MATRIX).report()).isEqualTo(new ReportOptions(0.9, 14));
        assertThat(parse(MATRIX + "report: {minCoverage: 0.75}\n").report()).isEqualTo(new ReportOptions(0.75, 14));
        assertThat(parse(MATRIX + "report: {trendRuns: 5}\n").report()).isEqualTo(new ReportOptions(0.9, 5));

        InvalidSpecException e = invalid(() -> parse(MATRIX + "report: {minCoverage: 90, trendRuns: 1}\n"));

        assertThat(e.problems()).containsExactly(
                "spec.yaml: report.minCoverage: must be a fraction from 0 to 1 (0.9: 90% of the planned trials "
                        + "scored), found integer '90'",
                "spec.yaml: report.trendRuns: must be a whole number from 2 to 100, found integer '1'");
        assertThat(invalid(() -> parse(MATRIX + "report: strict\n")).problems()).containsExactly(
                "spec.yaml: report: must be a mapping (minCoverage, trendRuns), found text 'strict'");
    }

    @Test
    void keepsTheTextOfASpecOfOneAgentWithDefaultReportOptionsAsItWasSoRecordedDigestsStillMatch() {
        BenchmarkSpec single = parse(MATRIX.substring(0, MATRIX.indexOf("configurations:")));

        // the record's own text before configurations and report options existed: the components in order
        assertThat(single.canonicalText()).isEqualTo("BenchmarkSpec[name=matrix, description=null, "
                + "dataset=terminal-bench@2.0, tasks=[alpha, beta], attempts=2, agent=claude-code, "
                + "model=anthropic/claude-opus-4-1, agentKwargs={max_turns=50}, harborImage=benchfleet/harbor:0.22.0, "
                + "timeouts=Timeouts[agentSec=900, verifierSec=600, environmentBuildSec=600, multiplier=1.0, "
                + "marginSec=300], estimatedTrialSec=600, partitionTarget=null, fleet=Fleet[maxHosts=200, "
                + "slotsPerHost=4], secrets=[]]");
        assertThat(parse(MATRIX).canonicalText()).contains(", configurations=[Configuration[name=opus, ");
        assertThat(parse(MATRIX.substring(0, MATRIX.indexOf("configurations:")) + "report: {trendRuns: 3}\n")
                .canonicalText()).endsWith(", report=ReportOptions[minCoverage=0.9, trendRuns=3]]");
        assertThat(List.of(single.canonicalText())).doesNotContain(single.toString());
    }
}
