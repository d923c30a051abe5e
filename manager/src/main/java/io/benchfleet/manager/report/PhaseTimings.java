package io.benchfleet.manager.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Per-phase timings of a run from its trial rows (Harbor's environment setup, agent setup, agent execution and
 * verifier phases, as {@code trial_result} stores them): nearest-rank p50/p95 overall and per task, and which phase
 * makes the long tail long (see {@link RunReport.Phases}).
 */
final class PhaseTimings {

    /** The phases in the order a trial runs them, with how a row records each. */
    static final Map<String, Function<TrialRow, Long>> PHASES = phases();

    private PhaseTimings() {
    }

    private static Map<String, Function<TrialRow, Long>> phases() {
        Map<String, Function<TrialRow, Long>> phases = new LinkedHashMap<>();
        phases.put("environmentSetup", TrialRow::environmentSetupMs);
        phases.put("agentSetup", TrialRow::agentSetupMs);
        phases.put("agent", TrialRow::agentExecutionMs);
        phases.put("verifier", TrialRow::verifierMs);
        return phases;
    }

    static RunReport.Phases of(List<TrialRow> rows) {
        List<RunReport.PhaseStat> overall = stats(rows);
        Map<String, Long> medians = new LinkedHashMap<>();
        overall.forEach(s -> medians.put(s.phase(), s.p50Ms()));
        List<Long> durations = rows.stream().map(TrialRow::durationMs).filter(Objects::nonNull).sorted().toList();
        Long p95 = RewardStatistics.percentile(durations, 0.95);
        List<TrialRow> tail = p95 == null ? List.of() : rows.stream()
                .filter(r -> r.durationMs() != null && r.durationMs() >= p95).toList();
        Map<String, Long> excess = new LinkedHashMap<>();
        for (Map.Entry<String, Function<TrialRow, Long>> phase : PHASES.entrySet()) {
            Long median = medians.get(phase.getKey());
            long sum = 0;
            for (TrialRow r : tail) {
                Long ms = phase.getValue().apply(r);
                if (ms != null && median != null) {
                    sum += Math.max(0, ms - median);
                }
            }
            excess.put(phase.getKey(), sum);
        }
        long total = excess.values().stream().mapToLong(Long::longValue).sum();
        String tailPhase = null;
        Double share = null;
        if (total > 0) {
            tailPhase = excess.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            share = Math.round(10_000.0 * excess.get(tailPhase) / total) / 10_000.0;
        }
        Map<String, List<TrialRow>> bySubject = rows.stream()
                .collect(Collectors.groupingBy(TrialRow::subject, TreeMap::new, Collectors.toList()));
        List<RunReport.TaskPhases> tasks = new ArrayList<>();
        bySubject.forEach((task, taskRows) -> tasks.add(new RunReport.TaskPhases(task, stats(taskRows))));
        return new RunReport.Phases(overall, tail.size(), tailPhase, share, tasks);
    }

    private static List<RunReport.PhaseStat> stats(List<TrialRow> rows) {
        List<RunReport.PhaseStat> stats = new ArrayList<>();
        PHASES.forEach((phase, field) -> {
            List<Long> sorted = rows.stream().map(field).filter(Objects::nonNull).sorted().toList();
            stats.add(new RunReport.PhaseStat(phase, sorted.size(), RewardStatistics.percentile(sorted, 0.5),
                    RewardStatistics.percentile(sorted, 0.95)));
        });
        return stats;
    }
}
