package io.benchfleet.jobdefs.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import io.benchfleet.jobdefs.spec.SpecOverrides;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionPlannerTest {

    private final BenchmarkSpecReader reader = new BenchmarkSpecReader();
    private final PartitionPlanner planner = new PartitionPlanner();

    /** Four tasks, two attempts, an estimate of 600 s. */
    private final BenchmarkSpec small = reader.parse("""
            name: small
            dataset: terminal-bench@2.0
            tasks: [alpha, beta, gamma, delta]
            attempts: 2
            agent: claude-code
            model: anthropic/claude-opus-4-1
            agentKwargs:
              max_turns: 50
            estimatedTrialSec: 600
            timeouts:
              agentSec: 100
              verifierSec: 50
              environmentBuildSec: 50
              multiplier: 1.5
              marginSec: 60
            secrets: [ANTHROPIC_API_KEY, OTHER_KEY]
            """, "small.yaml", null);

    @Test
    void plansOnePartitionPerTaskAndAttemptForTheReferenceSpec() {
        BenchmarkSpec spec = reference();

        PartitionPlan plan = planner.plan(spec, ExpectedDurations.NONE);

        assertThat(plan.size()).isEqualTo(750);
        assertThat(plan.spec()).isSameAs(spec);
        assertThat(plan.partitions()).extracting(Partition::key).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).matches("[A-Za-z0-9._-]+__a(0[1-9]|10)"));
        assertThat(plan.partitions()).allSatisfy(p -> assertThat(p.key()).isEqualTo(
                p.task() + "__a" + (p.attempt() < 10 ? "0" : "") + p.attempt()));
        assertThat(plan.byKey()).hasSize(750).containsKey("adaptive-rejection-sampler__a01")
                .containsKey("adaptive-rejection-sampler__a10");
        assertThat(plan.partitions()).extracting(Partition::task).containsOnlyElementsOf(spec.tasks());
        for (String task : spec.tasks()) {
            assertThat(plan.partitions()).filteredOn(p -> p.task().equals(task)).extracting(Partition::attempt)
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
    }

    @Test
    void formatsTheKeyAsTaskAndTwoDigitAttempt() {
        assertThat(Partition.keyOf("fix-git", 1)).isEqualTo("fix-git__a01");
        assertThat(Partition.keyOf("fix-git", 10)).isEqualTo("fix-git__a10");
        assertThat(Partition.keyOf("fix-git", 123)).isEqualTo("fix-git__a123");
    }

    @Test
    void formatsTheKeyWithAsciiDigitsWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("fa-IR"),
                    Locale.forLanguageTag("hi-IN-u-nu-deva"))) {
                Locale.setDefault(locale);
                assertThat(Partition.keyOf("fix-git", 3)).as("in %s", locale).isEqualTo("fix-git__a03");
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void plansTheSameSpecIdenticallyEveryTime() {
        PartitionPlan first = planner.plan(reference(), ExpectedDurations.NONE);
        PartitionPlan second = planner.plan(reference(), ExpectedDurations.NONE);

        assertThat(second).isEqualTo(first);
        assertThat(second.partitions()).isEqualTo(first.partitions());

        Map<String, Long> history = Map.of("fix-git", 1200L, "regex-log", 30L);
        assertThat(planner.plan(reference(), ExpectedDurations.of(history)))
                .isEqualTo(planner.plan(reference(), ExpectedDurations.of(new HashMap<>(history))));
    }

    @Test
    void ordersAttemptMajorInSpecOrderWithoutHistory() {
        PartitionPlan plan = planner.plan(small, ExpectedDurations.NONE);

        assertThat(plan.partitions()).extracting(Partition::key).containsExactly(
                "alpha__a01", "beta__a01", "gamma__a01", "delta__a01",
                "alpha__a02", "beta__a02", "gamma__a02", "delta__a02");
        assertThat(plan.partitions()).extracting(Partition::order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(plan.partitions()).extracting(Partition::expectedSeconds).containsOnly(600L);
    }

    @Test
    void spreadsTheAttemptsOfEachTaskOverTheReferencePlan() {
        BenchmarkSpec spec = reference();

        List<Partition> partitions = planner.plan(spec, ExpectedDurations.NONE).partitions();

        assertThat(partitions).extracting(Partition::order).containsExactlyElementsOf(
                IntStream.range(0, 750).boxed().toList());
        assertThat(partitions.subList(0, 75)).extracting(Partition::task).containsExactlyElementsOf(spec.tasks());
        assertThat(partitions.subList(0, 75)).extracting(Partition::attempt).containsOnly(1);
        assertThat(partitions.subList(75, 150)).extracting(Partition::task).containsExactlyElementsOf(spec.tasks());
        assertThat(partitions.subList(75, 150)).extracting(Partition::attempt).containsOnly(2);
        assertThat(partitions.get(749).key()).isEqualTo(spec.tasks().get(74) + "__a10");
    }

    @Test
    void historyKnownToTheMillisecondOrdersTrialsThatDifferByLessThanASecond() {
        // a benchmark with time scaled down records sub-second trials; whole seconds would tie them all
        ExpectedDurations history = ExpectedDurations.ofMillis(Map.of("alpha", 420L, "beta", 910L, "gamma", 650L,
                "delta", 1_500L));

        PartitionPlan plan = planner.plan(small, history);

        assertThat(plan.partitions()).extracting(Partition::task).containsExactly("delta", "delta", "beta", "beta",
                "gamma", "gamma", "alpha", "alpha");
        assertThat(plan.partitions()).extracting(Partition::expectedSeconds).containsExactly(2L, 2L, 1L, 1L, 1L, 1L,
                1L, 1L);
    }

    @Test
    void dispatchesTheLongestExpectedTrialsFirstBreakingTiesAttemptMajor() {
        ExpectedDurations history = ExpectedDurations.of(Map.of("alpha", 300L, "beta", 900L, "delta", 600L));

        PartitionPlan plan = planner.plan(small, history);

        // gamma has no history and uses the spec estimate (600), tying with delta.
        assertThat(plan.partitions()).extracting(Partition::key).containsExactly(
                "beta__a01", "beta__a02",
                "gamma__a01", "delta__a01", "gamma__a02", "delta__a02",
                "alpha__a01", "alpha__a02");
        assertThat(plan.partitions()).extracting(Partition::expectedSeconds)
                .containsExactly(900L, 900L, 600L, 600L, 600L, 600L, 300L, 300L);
        assertThat(plan.partitions()).extracting(Partition::order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(plan.expectedTrialSeconds()).isEqualTo(2 * (900 + 600 + 600 + 300));
        assertThat(plan.longestExpectedSeconds()).isEqualTo(900);
    }

    @Test
    void usesTheSpecEstimateForEveryTaskWithoutHistory() {
        BenchmarkSpec spec = SpecOverrides.apply(small, Map.of("attempts", "1"));
        ExpectedDurations onlyBeta = task -> task.equals("beta") ? OptionalLong.of(10) : OptionalLong.empty();

        PartitionPlan plan = planner.plan(spec, onlyBeta);

        assertThat(plan.partitions()).extracting(Partition::task, Partition::expectedSeconds).containsExactly(
                tuple("alpha", 600L),
                tuple("gamma", 600L),
                tuple("delta", 600L),
                tuple("beta", 10L));
    }

    @Test
    void copiesTheSpecIntoEveryPartitionWithTheTrialLimitAsTimeout() {
        PartitionPlan plan = planner.plan(small, ExpectedDurations.NONE);

        long limit = small.timeouts().trialLimitSeconds();
        assertThat(limit).isEqualTo((long) Math.ceil(200 * 1.5) + 60);
        assertThat(plan.partitions()).allSatisfy(p -> {
            assertThat(p.trialTimeoutSeconds()).isEqualTo(limit);
            assertThat(p.specName()).isEqualTo("small");
            assertThat(p.dataset()).isEqualTo("terminal-bench@2.0");
            assertThat(p.agent()).isEqualTo("claude-code");
            assertThat(p.model()).isEqualTo("anthropic/claude-opus-4-1");
            assertThat(p.agentKwargs()).containsExactly(Map.entry("max_turns", "50"));
            assertThat(p.harborImage()).isEqualTo(BenchmarkSpec.DEFAULT_HARBOR_IMAGE);
            assertThat(p.timeoutMultiplier()).isEqualTo(1.5);
            assertThat(p.secretNames()).containsExactly("ANTHROPIC_API_KEY", "OTHER_KEY");
        });
        assertThat(planner.plan(reference(), ExpectedDurations.NONE).partitions())
                .extracting(Partition::trialTimeoutSeconds).containsOnly(2400L);
    }

    @Test
    void emptyPlanHasNoLongestTrial() {
        PartitionPlan empty = new PartitionPlan(small, List.of());

        assertThat(empty.size()).isZero();
        assertThat(empty.longestExpectedSeconds()).isZero();
        assertThat(empty.expectedTrialSeconds()).isZero();
        assertThat(empty.byKey()).isEmpty();
    }

    // --- ExecutionContext ---------------------------------------------------------------------------------------

    @Test
    void roundTripsThroughTheContextIncludingAwkwardAgentKwargsAndNoModel() {
        Map<String, String> kwargs = new LinkedHashMap<>();
        kwargs.put("query", "a=b&c=d");
        kwargs.put("key=with&marks", "%20 + plus");
        kwargs.put("ünïcødé", "日本語 ✓ \uD83D\uDE80");
        kwargs.put("empty", "");
        Partition partition = new Partition("fix-git__a03", 7, "canary", "terminal-bench@2.0", "fix-git", 3,
                "oracle", null, kwargs, "benchfleet/harbor:0.22.0", 1.25, 2400, 600, List.of());

        Map<String, Object> context = partition.toContext();
        Partition back = Partition.fromContext(context);

        assertThat(back).isEqualTo(partition);
        assertThat(back.model()).isNull();
        assertThat(back.agentKwargs()).isEqualTo(kwargs);
        assertThat(back.secretNames()).isEmpty();
        assertThat(context).doesNotContainKey(PartitionContextKeys.MODEL);
    }

    @Test
    void roundTripsEveryPartitionOfAPlan() {
        for (Partition p : planner.plan(small, ExpectedDurations.of(Map.of("beta", 900L))).partitions()) {
            assertThat(Partition.fromContext(p.toContext())).isEqualTo(p);
        }
    }

    @Test
    void roundTripsWithoutAgentKwargs() {
        Partition partition = planner.plan(reference(), ExpectedDurations.NONE).partitions().get(0);

        assertThat(partition.agentKwargs()).isEmpty();
        assertThat(partition.toContext()).containsEntry(PartitionContextKeys.AGENT_KWARGS, "");
        assertThat(Partition.fromContext(partition.toContext())).isEqualTo(partition);
    }

    @Test
    void putsOnlyStringsIntegersLongsAndDoublesIntoTheContext() {
        Partition partition = planner.plan(small, ExpectedDurations.NONE).partitions().get(0);

        Map<String, Object> context = partition.toContext();

        assertThat(context.values()).allSatisfy(v -> assertThat(v).isNotNull()
                .isInstanceOfAny(String.class, Integer.class, Long.class, Double.class));
        assertThat(context.keySet()).allSatisfy(k -> assertThat(k).startsWith(PartitionContextKeys.PREFIX));
        assertThat(context).containsEntry(PartitionContextKeys.KEY, "alpha__a01")
                .containsEntry(PartitionContextKeys.ORDER, 0)
                .containsEntry(PartitionContextKeys.ATTEMPT, 1)
                .containsEntry(PartitionContextKeys.TIMEOUT_MULTIPLIER, 1.5)
                .containsEntry(PartitionContextKeys.TRIAL_TIMEOUT_SECONDS, 360L)
                .containsEntry(PartitionContextKeys.EXPECTED_SECONDS, 600L)
                .containsEntry(PartitionContextKeys.SECRET_NAMES, "ANTHROPIC_API_KEY,OTHER_KEY")
                .containsEntry(PartitionContextKeys.AGENT_KWARGS, "max_turns=50");
    }

    @Test
    void readsNumbersThatComeBackAsText() {
        Partition partition = planner.plan(small, ExpectedDurations.NONE).partitions().get(5);
        Map<String, Object> context = new HashMap<>();
        partition.toContext().forEach((k, v) -> context.put(k, String.valueOf(v)));

        assertThat(Partition.fromContext(context)).isEqualTo(partition);
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {PartitionContextKeys.KEY, PartitionContextKeys.ORDER, PartitionContextKeys.SPEC,
            PartitionContextKeys.DATASET, PartitionContextKeys.TASK, PartitionContextKeys.ATTEMPT,
            PartitionContextKeys.AGENT, PartitionContextKeys.HARBOR_IMAGE, PartitionContextKeys.TIMEOUT_MULTIPLIER,
            PartitionContextKeys.TRIAL_TIMEOUT_SECONDS, PartitionContextKeys.EXPECTED_SECONDS})
    void namesAMissingContextKey(String key) {
        Map<String, Object> context = new HashMap<>(planner.plan(small, ExpectedDurations.NONE).partitions().get(0)
                .toContext());
        context.remove(key);

        assertThatThrownBy(() -> Partition.fromContext(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition context has no '" + key + "': the step execution was not created by a "
                        + "benchfleet manager of this version");
    }

    @Test
    void treatsModelAgentKwargsAndSecretNamesAsOptional() {
        Map<String, Object> context = new HashMap<>(planner.plan(small, ExpectedDurations.NONE).partitions().get(0)
                .toContext());
        context.remove(PartitionContextKeys.MODEL);
        context.remove(PartitionContextKeys.AGENT_KWARGS);
        context.remove(PartitionContextKeys.SECRET_NAMES);

        Partition partition = Partition.fromContext(context);

        assertThat(partition.model()).isNull();
        assertThat(partition.agentKwargs()).isEmpty();
        assertThat(partition.secretNames()).isEmpty();
    }

    @Test
    void namesAContextNumberThatIsNotANumber() {
        Map<String, Object> context = new HashMap<>(planner.plan(small, ExpectedDurations.NONE).partitions().get(0)
                .toContext());
        context.put(PartitionContextKeys.ATTEMPT, "first");
        context.put(PartitionContextKeys.TIMEOUT_MULTIPLIER, 1.5);

        assertThatThrownBy(() -> Partition.fromContext(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition context 'benchfleet.attempt' is not a number: first");

        context.put(PartitionContextKeys.ATTEMPT, 1);
        context.put(PartitionContextKeys.TIMEOUT_MULTIPLIER, "fast");
        assertThatThrownBy(() -> Partition.fromContext(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition context 'benchfleet.timeoutMultiplier' is not a number: fast");
    }

    @Test
    void encodesAndDecodesMapsSymmetrically() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("b&c", "x=y");
        map.put("", "empty key");

        String encoded = PartitionContextKeys.encodeMap(map);

        assertThat(encoded.split("&")).hasSize(3);
        assertThat(PartitionContextKeys.decodeMap(encoded)).containsExactlyEntriesOf(map);
        assertThat(PartitionContextKeys.decodeMap("")).isEmpty();
        assertThat(PartitionContextKeys.decodeMap(null)).isEmpty();
    }

    @Test
    void keepsPartitionCollectionsImmutable() {
        List<String> secrets = new ArrayList<>(List.of("A_KEY"));
        Map<String, String> kwargs = new HashMap<>(Map.of("k", "v"));
        Partition partition = new Partition("t__a01", 0, "s", "d@1", "t", 1, "nop", null, kwargs, "img", 1.0, 1, 1,
                secrets);

        secrets.add("B_KEY");
        kwargs.put("k2", "v2");

        assertThat(partition.secretNames()).containsExactly("A_KEY");
        assertThat(partition.agentKwargs()).containsOnlyKeys("k");
    }

    private BenchmarkSpec reference() {
        return reader.read(Path.of("examples", "terminal-bench-750.yaml"));
    }
}
