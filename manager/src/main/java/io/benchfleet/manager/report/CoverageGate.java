package io.benchfleet.manager.report;

import java.util.List;
import java.util.Locale;

/**
 * The validity gate of a run: how many of its planned trials were scored (a reward, no INFRA or CONFIG failure),
 * against the spec's {@code minCoverage}. Infrastructure failures still count as failed in the pass rate (Harbor's
 * convention); the gate says when there are too few real results to compare the run with another.
 */
final class CoverageGate {

    private CoverageGate() {
    }

    static RunReport.Coverage of(List<TrialRow> rows, int planned, double minCoverage) {
        int scored = (int) rows.stream().filter(TrialRow::scored).count();
        int clean = count(rows, "NONE");
        int agent = count(rows, "AGENT");
        int verifier = count(rows, "VERIFIER");
        int infra = count(rows, "INFRA");
        int config = count(rows, "CONFIG");
        int missing = Math.max(0, planned - rows.size());
        double fraction = planned == 0 ? 0 : (double) scored / planned;
        // a hair of tolerance: 27 of 30 is 0.9 however the division rounds
        boolean comparable = planned > 0 && fraction + 1e-12 >= minCoverage;
        String reason = comparable ? null : planned == 0 ? "nothing was planned"
                : String.format(Locale.ROOT, "%.1f%% of the %d planned trials were scored (%d), below the %.0f%% "
                        + "the spec requires (report.minCoverage %s): %d infra-failed, %d config-failed, %d "
                        + "verifier-failed, %d without a result", 100 * fraction, planned, scored, 100 * minCoverage,
                        trim(minCoverage), infra, config, verifier, missing);
        return new RunReport.Coverage(planned, scored, clean, agent, verifier, infra, config, missing, fraction,
                minCoverage, comparable, reason);
    }

    private static int count(List<TrialRow> rows, String failureClass) {
        return (int) rows.stream().filter(r -> failureClass.equals(r.failureClass())).count();
    }

    private static String trim(double v) {
        return String.valueOf(v).replaceAll("\\.0$", "");
    }
}
