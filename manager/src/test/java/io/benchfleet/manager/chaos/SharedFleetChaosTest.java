package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fleet (a) and (b): a nightly (high) and an ad-hoc (normal) run overlapping on one simulated Auto Scaling group that
 * the managers' real fleet controller sizes. Both complete with every partition once; the group grows for both
 * (beyond what either asked for alone) and reaches zero only after both ended; while trials still run it scales in,
 * and never terminates a host with a trial on it. Each run also runs alone once (same spec, same trial times), so the
 * figures give the makespans against running alone and the host-minutes against separate runs.
 */
class SharedFleetChaosTest extends ChaosScenario {

    /** One host per run (maxHosts=1): alone a run asks for one host, together they ask for two. */
    private static final String[] NIGHTLY = {"priority=high", "attempts=2", "maxHosts=1"};
    private static final String[] AD_HOC = {"priority=normal", "attempts=1", "maxHosts=1"};
    /**
     * Trials take 2 s, the nightly's regex-log__a02 20 s, longer than a second host takes to boot here (~15 s): once
     * everything else is done, one host runs that trial and the other is idle - the scale-in while trials run.
     */
    private static final String LONG_TRIAL = "regex-log__a02";

    @Test
    @Timeout(300)
    void aNightlyAndAnAdHocRunShareTheGroupWhichScalesInOnlyIdleHostsAndReachesZeroAfterBoth() throws Exception {
        try (ChaosCluster cluster = new ChaosCluster("fleet-a-shared")) {
            cluster.startSqs();
            Path durations = durations(cluster, 2, Duration.ofSeconds(2), Map.of(LONG_TRIAL, Duration.ofSeconds(20)));
            try (SimulatedAutoScalingGroup group = SimulatedAutoScalingGroup.start(cluster, 2, 2, "2s", durations)) {
                Alone nightlyAlone = alone(cluster, group, "nightly-alone", NIGHTLY);
                Alone adHocAlone = alone(cluster, group, "adhoc-alone", AD_HOC);

                double hostSecondsBefore = group.hostSeconds();
                long start = System.currentTimeMillis();
                Process nightly = startRun(cluster, group.managerEnv(), "nightly", NIGHTLY);
                int nightlyManager = cluster.managerCount();
                // the ad-hoc run comes once the nightly has started: a manager JVM takes longer here to start (up
                // to 20 s on two shared cores) than the nightly's trials take to run once a host is up
                ChaosCluster.await("the nightly to start", Duration.ofSeconds(120),
                        () -> executionOf(cluster, "nightly") > 0);
                Process adHoc = startRun(cluster, group.managerEnv(), "adhoc", AD_HOC);
                assertManagerSucceeds(cluster, adHoc, cluster.managerCount(), RUN_LIMIT);
                assertManagerSucceeds(cluster, nightly, nightlyManager, RUN_LIMIT);
                long zeroAt = group.awaitZero(Duration.ofSeconds(30));
                double overlappedHostSeconds = group.hostSeconds() - hostSecondsBefore;

                long nightlyRun = executionOf(cluster, "nightly");
                long adHocRun = executionOf(cluster, "adhoc");
                long ended = Math.max(endedMillis(cluster, nightlyRun), endedMillis(cluster, adHocRun));
                long lastTrial = lastTrialEnded(cluster, nightlyRun, adHocRun);
                clean(cluster, nightlyRun, NIGHTLY);
                clean(cluster, adHocRun, AD_HOC);
                int peak = group.maxDesired(start, ended);
                long firstZero = group.zeroLooks(lastTrial, Long.MAX_VALUE).get(0).atMillis();
                System.out.printf("CHAOS fleet-a-shared: overlapped desired capacity peaked at %d (alone: nightly "
                        + "%d, ad-hoc %d); desired 0 %.1f s after the last trial ended, %.1f s after the later run "
                        + "ended, no host left %.1f s after it%n", peak, nightlyAlone.peak(), adHocAlone.peak(),
                        (firstZero - lastTrial) / 1000.0, (firstZero - ended) / 1000.0, (zeroAt - ended) / 1000.0);
                System.out.printf("CHAOS fleet-a-shared: makespan nightly %.1f s (alone %.1f s), ad-hoc %.1f s "
                        + "(alone %.1f s); host-minutes overlapped %.2f, separate runs %.2f%n",
                        makespan(cluster, nightlyRun), nightlyAlone.makespan(), makespan(cluster, adHocRun),
                        adHocAlone.makespan(), overlappedHostSeconds / 60, (nightlyAlone.hostSeconds()
                                + adHocAlone.hostSeconds()) / 60);
                assertThat(peak).as("the group grew for both runs").isGreaterThan(Math.max(nightlyAlone.peak(),
                        adHocAlone.peak()));
                // while either run had a partition queued or running; in their report steps the runs demand no
                // slot, and terminating idle hosts then is right (the later run's report may see the group at zero)
                assertThat(group.zeroLooks(firstRaise(group, start), lastTrial)).as("desired capacity 0 while a "
                        + "run had partitions to run").isEmpty();

                // (b) scale-in while trials ran, never of a host with a trial on it
                List<SimulatedAutoScalingGroup.Termination> duringRuns = group.terminations.stream()
                        .filter(t -> t.atMillis() >= start && t.atMillis() < lastTrial).toList();
                System.out.printf("CHAOS fleet-b-scale-in: %d of %d hosts terminated while the overlapped runs' "
                        + "trials ran; busy at termination: %d of all %d terminations%n", duringRuns.size(),
                        group.terminations.size(), group.terminations.stream()
                                .filter(SimulatedAutoScalingGroup.Termination::busy).count(),
                        group.terminations.size());
                assertThat(duringRuns).as("hosts terminated while trials ran").isNotEmpty();
                assertThat(group.terminations).as("no host terminated with a trial on it")
                        .noneMatch(SimulatedAutoScalingGroup.Termination::busy);
            }
        }
    }

    private record Alone(double makespan, double hostSeconds, int peak) {
    }

    /** The run alone on the group from zero hosts until the group is back at zero. */
    private static Alone alone(ChaosCluster cluster, SimulatedAutoScalingGroup group, String runId,
            String... params) {
        double before = group.hostSeconds();
        long start = System.currentTimeMillis();
        Process run = startRun(cluster, group.managerEnv(), runId, params);
        assertManagerSucceeds(cluster, run, cluster.managerCount(), RUN_LIMIT);
        group.awaitZero(Duration.ofSeconds(30));
        long execution = executionOf(cluster, runId);
        long ended = endedMillis(cluster, execution);
        clean(cluster, execution, params);
        return new Alone(makespan(cluster, execution), group.hostSeconds() - before, group.maxDesired(start, ended));
    }

    private static void clean(ChaosCluster cluster, long execution, String... params) {
        String attempts = List.of(params).stream().filter(p -> p.startsWith("attempts=")).findFirst().orElseThrow()
                .substring("attempts=".length());
        ChaosFigures.of(cluster.scenario, cluster.db.jdbc(), execution, ChaosFigures.plannedKeys(Map.of("attempts",
                attempts))).assertClean();
    }

    /** When the last trial of the runs ended. */
    private static long lastTrialEnded(ChaosCluster cluster, long run, long other) {
        return cluster.db.jdbc().queryForObject("SELECT max(end_time) FROM batch_step_execution WHERE step_name "
                + "LIKE 'trial:%' AND job_execution_id IN (?, ?)", java.sql.Timestamp.class, run, other).getTime();
    }

    /** When the group was first raised above zero after {@code fromMillis}. */
    private static long firstRaise(SimulatedAutoScalingGroup group, long fromMillis) {
        return group.looks.stream().filter(l -> l.atMillis() >= fromMillis && l.desired() > 0).findFirst()
                .orElseThrow().atMillis();
    }
}
