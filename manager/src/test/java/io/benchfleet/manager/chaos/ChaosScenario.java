package io.benchfleet.manager.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
        return startRun(cluster, ChaosCluster.MANAGER_SETTINGS, runId, "attempts=4");
    }

    /**
     * {@code benchfleet run} of the spec (a rehearsal) as a manager process with {@code env} (manager settings) and
     * {@code params} ({@code KEY=VALUE}, each a {@code --param}).
     */
    static Process startRun(ChaosCluster cluster, Map<String, String> env, String runId, String... params) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--spec",
                ChaosFigures.SPEC.toAbsolutePath().normalize().toString(), "--param", "runId=" + runId, "--param",
                "rehearsal=true", "--progress-every", "1s"));
        for (String p : params) {
            args.addAll(List.of("--param", p));
        }
        return cluster.startManager(env, args.toArray(String[]::new));
    }

    /** The job execution of run {@code runId} (its first). */
    static long executionOf(ChaosCluster cluster, String runId) {
        return cluster.count("SELECT min(e.job_execution_id) FROM batch_job_execution e JOIN "
                + "batch_job_execution_params p ON p.job_execution_id = e.job_execution_id "
                + "WHERE p.parameter_name = 'runId' AND p.parameter_value = ?", runId);
    }

    /** Seconds from the job execution's start to its end, as the repository recorded them. */
    static double makespan(ChaosCluster cluster, long jobExecution) {
        return cluster.db.jdbc().queryForObject("SELECT EXTRACT(EPOCH FROM end_time - start_time) FROM "
                + "batch_job_execution WHERE job_execution_id = ?", Double.class, jobExecution);
    }

    /** When the job execution ended, as the repository recorded it (its manager's clock). */
    static long endedMillis(ChaosCluster cluster, long jobExecution) {
        return cluster.db.jdbc().queryForObject("SELECT end_time FROM batch_job_execution WHERE job_execution_id = ?",
                java.sql.Timestamp.class, jobExecution).getTime();
    }

    /**
     * A workload file (benchfleet.worker.simulated.durations-file) of every trial of the spec up to {@code attempts}
     * attempts: each takes {@code each}, the keys in {@code except} their own time. Trials then take exactly as long
     * in every run, so makespans compare.
     */
    static Path durations(ChaosCluster cluster, int attempts, Duration each, Map<String, Duration> except) {
        Map<String, Duration> byKey = new java.util.TreeMap<>();
        ChaosFigures.plannedKeys(Map.of("attempts", Integer.toString(attempts))).forEach(k -> byKey.put(k,
                except.getOrDefault(k, each)));
        Path file = cluster.stateDir.resolve("durations.csv");
        new io.benchfleet.jobdefs.workload.TrialDurations(byKey).write(file);
        return file;
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

    /** The invariants of a run launched with {@code overrides} (e.g. fewer attempts) instead of the scenario's. */
    static ChaosFigures figures(ChaosCluster cluster, Map<String, String> overrides) {
        return ChaosFigures.of(cluster.scenario, cluster.db.jdbc(), cluster.firstJobExecution(),
                ChaosFigures.plannedKeys(overrides));
    }
}
