package io.benchfleet.worker.trial.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import io.benchfleet.jobdefs.harbor.HarborJobResult;
import io.benchfleet.jobdefs.harbor.HarborTrialPaths;
import io.benchfleet.jobdefs.harbor.HarborTrialResultParser;
import io.benchfleet.jobdefs.harbor.json.HarborJson;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;

/**
 * Writes a trial directory exactly as Harbor (0.22) lays it out ({@link HarborTrialPaths}), from the same records
 * the contract reads, so that the simulated executor produces output that {@link HarborTrialResultParser} and
 * {@link HarborJobDirectory} read like the real thing: the job's {@code config.json} (once) and {@code result.json}
 * (updated for this trial), and the trial's {@code config.json}, {@code trial.log}, {@code result.json},
 * {@code exception.txt} (with an exception), {@code agent/trajectory.json}, {@code verifier/reward.txt} (when
 * scored), {@code verifier/test-stdout.txt} and {@code artifacts/}.
 *
 * <p>Result files are written atomically (temp file, then move). Writers in one JVM serialise per job directory;
 * separate processes must not write into the same job directory at once.
 */
public class HarborTrialWriter {

    /** Harbor's {@code ShortUUID} alphabet: alphanumerics without the look-alikes 0, 1, I, O, l. */
    static final String TRIAL_SUFFIX_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static final int TRIAL_SUFFIX_LENGTH = 7;
    private static final int TASK_PREFIX_LENGTH = 32;
    private static final Map<Path, Object> JOB_LOCKS = new ConcurrentHashMap<>();

    /** Pretty printing like Python's {@code json.dumps(indent=4)}. */
    private static final ObjectWriter JSON_WRITER = HarborJson.MAPPER.writer().with(
            new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private final Clock clock;
    private final RandomGenerator random;

    public HarborTrialWriter() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    /** @param clock supplies "now" for missing times and the job's {@code updated_at}; random names trials */
    public HarborTrialWriter(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * Harbor's trial name for a task: the bare task name cut to 32 characters (trailing {@code _}/{@code -} removed),
     * {@code __}, then 7 random alphanumerics.
     */
    public static String trialName(String taskName, RandomGenerator random) {
        String bare = taskName.substring(taskName.lastIndexOf('/') + 1);
        String prefix = bare.substring(0, Math.min(bare.length(), TASK_PREFIX_LENGTH)).replaceAll("[_-]+$", "");
        StringBuilder name = new StringBuilder(prefix).append("__");
        for (int i = 0; i < TRIAL_SUFFIX_LENGTH; i++) {
            name.append(TRIAL_SUFFIX_ALPHABET.charAt(random.nextInt(TRIAL_SUFFIX_ALPHABET.length())));
        }
        return name.toString();
    }

    /**
     * Writes the trial directory and updates the job's config and result.
     *
     * @return the trial directory
     * @throws IllegalStateException if the named trial directory already holds a result.json
     * @throws UncheckedIOException  if a file cannot be written
     */
    public Path write(TrialOutput output) {
        HarborJobDirectory job = jobDirectory(output.jobsDir(), output.jobName());
        synchronized (JOB_LOCKS.computeIfAbsent(job.path(), dir -> new Object())) {
            try {
                return writeLocked(output, job);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write trial of " + output.taskName() + " into " + job.path(),
                        e);
            }
        }
    }

    /**
     * Writes what Harbor leaves of a trial when it dies before the trial ends: the trial's {@code config.json} (task
     * and trial name) and {@code trial.log}, no result.
     *
     * @return the trial directory
     * @throws UncheckedIOException if a file cannot be written
     */
    public static Path writeInterrupted(HarborJobDirectory job, String taskName, String trialName, String log) {
        HarborTrialPaths trial = job.trial(trialName);
        try {
            Files.createDirectories(trial.dir());
            writeJson(trial.config(), TrialConfig.Summary.interrupted(taskName, trial.name()));
            Files.writeString(trial.log(), log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the interrupted trial " + trial.dir(), e);
        }
        return trial.dir();
    }

    private static HarborJobDirectory jobDirectory(Path jobsDir, String jobName) {
        return new HarborJobDirectory(jobsDir.resolve(jobName).toAbsolutePath().normalize());
    }

    private Path writeLocked(TrialOutput output, HarborJobDirectory job) throws IOException {
        Files.createDirectories(job.path());
        HarborTrialPaths paths = job.trial(chooseTrialName(output, job));
        SimulatedTrial trial = SimulatedTrial.of(output, paths, clock.instant());
        HarborJobResult jobResult = job.readResult().orElse(null);
        String jobId = jobResult != null && jobResult.id() != null ? jobResult.id() : UUID.randomUUID().toString();

        if (!Files.exists(job.config())) {
            writeJson(job.config(), JobConfig.of(output, job.path()));
        }
        Files.createDirectories(paths.agentDir());
        Files.createDirectories(paths.verifierDir());
        Files.createDirectories(paths.artifactsDir());
        TrialConfig config = TrialConfig.of(output, paths, job.path(), jobId);
        writeJson(paths.config(), config.summary());
        Files.writeString(paths.log(), trial.log(), StandardCharsets.UTF_8);
        writeJson(paths.trajectory(), trial.trajectory());
        if (output.scored()) {
            Files.writeString(paths.rewardText(), trial.rewardText(), StandardCharsets.UTF_8);
        }
        Files.writeString(paths.testStdout(), trial.testStdout(), StandardCharsets.UTF_8);
        if (output.exceptionType() != null) {
            Files.writeString(paths.exception(), trial.traceback(), StandardCharsets.UTF_8);
        }
        writeJsonAtomically(paths.result(), trial.result(config));
        writeJsonAtomically(job.result(), JobResultUpdate.apply(jobResult, jobId, trial, clock.instant()));
        return paths.dir();
    }

    private String chooseTrialName(TrialOutput output, HarborJobDirectory job) {
        if (output.trialName() != null) {
            if (Files.exists(job.trial(output.trialName()).result())) {
                throw new IllegalStateException("trial " + output.trialName() + " in " + job.path()
                        + " already has a result.json; pick another trial name or remove the old trial directory");
            }
            return output.trialName();
        }
        String name;
        do {
            name = trialName(output.taskName(), random);
        } while (Files.exists(job.trial(name).dir()));
        return name;
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Files.writeString(file, JSON_WRITER.writeValueAsString(value), StandardCharsets.UTF_8);
    }

    private static void writeJsonAtomically(Path file, Object value) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, JSON_WRITER.writeValueAsString(value), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
