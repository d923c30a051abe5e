package io.benchfleet.manager.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixed trial rows for report tests: a baseline run and a current run of the same spec. */
final class ReportFixtures {

    static final Instant STARTED = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String[] TASKS = {"build-linux-kernel", "fix-git", "largest-eigenval", "regex-log",
            "<script>alert('x')</script>", "sqlite-with-gcov"};

    private ReportFixtures() {
    }

    /**
     * Six tasks x four attempts on three hosts (two slots each). Pass pattern per task (current run): 4, 3, 0, 2, 1,
     * 4 passes; the baseline: 4, 1, 4, 2, 1, 0. Failures cycle through the classes; one message has CSV and HTML
     * special characters.
     */
    static List<TrialRow> current() {
        return rows(new int[] {4, 3, 0, 2, 1, 4}, 0);
    }

    static List<TrialRow> baseline() {
        return rows(new int[] {4, 1, 4, 2, 1, 0}, 7);
    }

    /**
     * A matrix run: the current run's rows as configuration "opus", the baseline's as "sonnet" (keys prefixed with
     * the configuration, as a matrix run's partitions are).
     */
    static List<TrialRow> matrix() {
        List<TrialRow> rows = new ArrayList<>();
        for (String configuration : new String[] {"opus", "sonnet"}) {
            for (TrialRow r : configuration.equals("opus") ? current() : baseline()) {
                rows.add(new TrialRow(configuration + "__" + r.partitionKey(), r.task(), r.attempt(), r.reward(),
                        r.passed(), r.failureClass(), r.exceptionType(), r.exceptionMessage(), r.inputTokens(),
                        r.cacheTokens(), r.outputTokens(), r.costUsd(), r.startedAt(), r.finishedAt(), r.durationMs(),
                        r.host(), r.artifactUri(), configuration, "claude-code", "anthropic/claude-" + configuration,
                        r.environmentSetupMs(), r.agentSetupMs(), r.agentExecutionMs(), r.verifierMs()));
            }
        }
        return rows;
    }

    static RunReport matrixReport() {
        return new RunReportBuilder().build("matrix-spec", 8, 9, "COMPLETED", STARTED, 48, matrix(), List.of(), NOW,
                SETTINGS);
    }

    private static List<TrialRow> rows(int[] passes, int seed) {
        List<TrialRow> rows = new ArrayList<>();
        String[] classes = {"NONE", "AGENT", "VERIFIER", "INFRA", "NONE", "AGENT"};
        int slot = 0;
        long[] slotFree = new long[6];
        for (int a = 1; a <= 4; a++) {
            for (int t = 0; t < TASKS.length; t++) {
                String task = TASKS[t];
                String key = task + "__a0" + a;
                boolean passed = a <= passes[t];
                String cls = passed ? "NONE" : classes[(t + a + seed) % classes.length];
                long duration = 20_000L + 7_000L * ((t * 5 + a * 3 + seed) % 11);
                int s = slot++ % 6;
                Instant start = STARTED.plusMillis(slotFree[s] + 500);
                slotFree[s] += 500 + duration;
                Double reward = cls.equals("INFRA") ? null : passed ? 1.0 : 0.0;
                String message = switch (cls) {
                    case "AGENT" -> "agent timed out after 900s";
                    case "VERIFIER" -> "tests failed: expected \"42\", got <none>, 3 of 5 passed";
                    case "INFRA" -> "docker: Error response from daemon\nline 2";
                    default -> null;
                };
                String type = message == null ? null : cls.charAt(0) + cls.substring(1).toLowerCase() + "Error";
                boolean unscored = reward == null;
                // phases: environment setup 2 s (20 s for the kernel build's first attempt: an image pull), agent
                // setup 1 s, the verifier 3 s, the agent the rest; none for an INFRA trial
                long env = task.equals("build-linux-kernel") && a == 1 ? 20_000L : 2_000L;
                rows.add(new TrialRow(key, task, a, reward, passed, cls, type, message,
                        unscored ? null : 10_000L + 100L * t, unscored ? null : 2_000L, unscored ? null : 1_500L + a,
                        unscored ? null : 0.0125 * (t + 1), start, start.plusMillis(duration), duration,
                        "ip-10-0-0-" + (s / 2 + 1), "s3://bench-artifacts/runs/7/" + key, null, "claude-code",
                        "anthropic/claude-opus-4-1", unscored ? null : env, unscored ? null : 1_000L,
                        unscored ? null : duration - env - 4_000L, unscored ? null : 3_000L));
            }
        }
        return rows;
    }

    /**
     * The fixture spec's validity gate: 75% of the planned trials scored. The baseline scores 19 of 24 (79.2%: 2 INFRA
     * and 3 VERIFIER failures are unscored), the current run 22 of 26 (84.6%: 1 INFRA, 1 VERIFIER, 2 missing), so
     * both are comparable; at the default 90% neither would be.
     */
    static final ReportSettings SETTINGS = new ReportSettings(0.75, 14);

    static RunReport baselineReport() {
        return new RunReportBuilder().build("unit-spec", 3, 5, "COMPLETED", STARTED, 24, baseline(), List.of(), NOW,
                SETTINGS);
    }

    /** The current run with two planned partitions missing and the regression against {@link #baselineReport()}. */
    static RunReport currentReport() {
        RunReport r = new RunReportBuilder().build("unit-spec", 4, 7, "FAILED", STARTED, 26, current(),
                List.of("zeta__a01", "zeta__a02"), NOW, SETTINGS);
        return r.withRegression(new RegressionAnalysis().compare(r, baselineReport(), "nightly-2025-02-28"))
                .withTrend(trend(r));
    }

    /**
     * Four runs: two earlier ones (job executions 1 and 3), the baseline (5) and the current run (7). fix-git passes
     * 1, 3, 1 and 3 of its 4 attempts in them: F P F P, three flips in three chances.
     */
    static RunReport.Trend trend(RunReport current) {
        java.util.Map<String, TaskComparisons.Tally> first = new java.util.TreeMap<>();
        java.util.Map<String, TaskComparisons.Tally> second = new java.util.TreeMap<>();
        for (String task : TASKS) {
            first.put(task, new TaskComparisons.Tally(4, task.equals("fix-git") ? 1 : 2));
            second.put(task, new TaskComparisons.Tally(4, task.equals("fix-git") ? 3 : 2));
        }
        java.util.Map<String, TaskComparisons.Tally> before = new java.util.TreeMap<>();
        baselineReport().tasks().forEach(t -> before.put(t.task(), new TaskComparisons.Tally(t.attempts(),
                t.passes())));
        java.util.Map<String, TaskComparisons.Tally> now = new java.util.TreeMap<>();
        current.tasks().forEach(t -> now.put(t.task(), new TaskComparisons.Tally(t.attempts(), t.passes())));
        return TrendAnalysis.of(14, List.of(
                new TrendAnalysis.RunResults(1, 1, "nightly-2025-02-26", STARTED.minusSeconds(3 * 86_400), first,
                        0.85, 240_000L, false),
                new TrendAnalysis.RunResults(3, 2, "nightly-2025-02-27", STARTED.minusSeconds(2 * 86_400), second,
                        0.95, 300_000L, false),
                new TrendAnalysis.RunResults(5, 3, "nightly-2025-02-28", STARTED.minusSeconds(86_400), before,
                        0.9125, 257_000L, false),
                new TrendAnalysis.RunResults(7, 4, "nightly-2025-03-01", STARTED, now, current.costUsd(),
                        current.wallTimeMs(), true)));
    }
}
