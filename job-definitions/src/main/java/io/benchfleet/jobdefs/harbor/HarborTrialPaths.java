package io.benchfleet.jobdefs.harbor;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where Harbor (0.22) puts the files of one trial, like Harbor's {@code TrialPaths}
 * ({@code harbor/models/trial/paths.py}). This class spells Harbor's whole on-disk layout ({@link HarborJobDirectory}
 * takes the job-level names from it); the parser, the job directory and the simulated executor ask it for paths:
 * <pre>
 * &lt;jobs-dir&gt;/&lt;job-name&gt;/             {@link HarborJobDirectory}
 *   config.json  lock.json  job.log
 *   result.json                      job result, rewritten while the job runs
 *   &lt;trial-name&gt;/                   this class; &lt;task, at most 32 chars&gt;__&lt;7 random chars&gt;
 *     config.json  trial.log
 *     result.json                    trial result, written only when the trial ends (absent: interrupted)
 *     exception.txt                  traceback, only if an exception was recorded
 *     agent/                         agent logs, e.g. trajectory.json (mounted at /logs/agent)
 *     verifier/                      reward.txt or reward.json, test-stdout.txt (mounted at /logs/verifier)
 *     artifacts/
 * </pre>
 *
 * @param dir the trial directory {@code <jobs-dir>/<job-name>/<trial-name>}
 */
public record HarborTrialPaths(Path dir) {

    /** A job's or a trial's config, result and lock files share their names. */
    static final String CONFIG_FILE = "config.json";
    static final String RESULT_FILE = "result.json";
    static final String LOCK_FILE = "lock.json";
    static final String JOB_LOG_FILE = "job.log";

    public HarborTrialPaths {
        Objects.requireNonNull(dir, "dir");
    }

    /** The trial directory {@code <jobDir>/<trialName>}. */
    public static HarborTrialPaths of(Path jobDir, String trialName) {
        return new HarborTrialPaths(jobDir.resolve(trialName));
    }

    /** The trial's name, which is its directory's name. */
    public String name() {
        Path name = dir.getFileName();
        return name == null ? "" : name.toString();
    }

    /** {@code config.json}: the trial config. */
    public Path config() {
        return dir.resolve(CONFIG_FILE);
    }

    /** {@code lock.json}: the resolved trial inputs. */
    public Path lock() {
        return dir.resolve(LOCK_FILE);
    }

    /** {@code result.json}: the trial result, written when the trial ends. */
    public Path result() {
        return dir.resolve(RESULT_FILE);
    }

    /** {@code trial.log}: the trial's log. */
    public Path log() {
        return dir.resolve("trial.log");
    }

    /** {@code exception.txt}: the traceback of the recorded exception. */
    public Path exception() {
        return dir.resolve("exception.txt");
    }

    /** {@code agent/}: the agent's logs, mounted at {@code /logs/agent}. */
    public Path agentDir() {
        return dir.resolve("agent");
    }

    /** {@code agent/trajectory.json}: the ATIF trajectory installed agents leave. */
    public Path trajectory() {
        return agentDir().resolve("trajectory.json");
    }

    /** {@code verifier/}: the verifier's output, mounted at {@code /logs/verifier}. */
    public Path verifierDir() {
        return dir.resolve("verifier");
    }

    /** {@code verifier/reward.txt}: a single float reward. */
    public Path rewardText() {
        return verifierDir().resolve("reward.txt");
    }

    /** {@code verifier/reward.json}: named rewards, the alternative to {@code reward.txt}. */
    public Path rewardJson() {
        return verifierDir().resolve("reward.json");
    }

    /** {@code verifier/test-stdout.txt}: the test script's output. */
    public Path testStdout() {
        return verifierDir().resolve("test-stdout.txt");
    }

    /** {@code artifacts/}: files collected from the environment. */
    public Path artifactsDir() {
        return dir.resolve("artifacts");
    }
}
