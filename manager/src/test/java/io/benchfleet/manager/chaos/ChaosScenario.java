package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the chaos scenarios share: a 3 tasks x 4 attempts run of smoke-oracle through real processes. */
abstract class ChaosScenario {

    static final Map<String, String> OVERRIDES = Map.of("attempts", "4");
    static final List<String> PLANNED = ChaosFigures.plannedKeys(OVERRIDES);
    static final Duration RUN_LIMIT = Duration.ofSeconds(240);

    /** {@code benchfleet run} of the scenario's spec as a manager process. */
    static Process startRun(ChaosCluster cluster, String runId) {
        return cluster.startManager("run", "--spec", ChaosFigures.SPEC.toAbsolutePath().normalize().toString(),
                "--param", "runId=" + runId, "--param", "attempts=4", "--param", "rehearsal=true",
                "--progress-every", "1s");
    }

    /** Waits for a manager process and asserts it exited 0. */
    static void assertManagerSucceeds(ChaosCluster cluster, Process manager, int n, Duration max) {
        boolean exited = ChaosCluster.waitFor(manager, max);
        String out = cluster.managerOutput(n);
        assertThat(exited).as("manager-%d finished within %s; output:%n%s", n, max, out).isTrue();
        assertThat(manager.exitValue()).as("manager-%d exit code; output:%n%s", n, out).isZero();
    }

    int completedTrials(ChaosCluster cluster) {
        return cluster.count("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'trial:%' "
                + "AND status = 'COMPLETED'");
    }

    int runningTrials(ChaosCluster cluster) {
        return cluster.count("SELECT count(*) FROM batch_step_execution WHERE step_name LIKE 'trial:%' "
                + "AND status = 'STARTED'");
    }

    int resultsOf(ChaosCluster cluster, String host) {
        return cluster.count("SELECT count(*) FROM trial_result WHERE host LIKE ?", host + "%");
    }

    /** Partitions a worker is running now, from its log ("Executing step" without "executed in" yet). */
    static java.util.Set<String> runningOn(ChaosCluster cluster, String host) {
        java.util.Set<String> running = new java.util.TreeSet<>();
        java.util.regex.Pattern start = java.util.regex.Pattern.compile("Executing step: \\[trial:([^\\]]+)\\]");
        java.util.regex.Pattern end = java.util.regex.Pattern.compile("Step: \\[trial:([^\\]]+)\\] executed in");
        cluster.output(host).lines().forEach(line -> {
            java.util.regex.Matcher m = start.matcher(line);
            if (m.find()) {
                running.add(m.group(1));
            }
            m = end.matcher(line);
            if (m.find()) {
                running.remove(m.group(1));
            }
        });
        return running;
    }

    static ChaosFigures figures(ChaosCluster cluster) {
        return ChaosFigures.of(cluster.scenario, cluster.db.jdbc(), cluster.firstJobExecution(), PLANNED);
    }
}
