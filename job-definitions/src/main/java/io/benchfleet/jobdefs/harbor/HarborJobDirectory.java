package io.benchfleet.jobdefs.harbor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.benchfleet.jobdefs.harbor.json.HarborJson;
import tools.jackson.core.JacksonException;

/**
 * One Harbor job directory, {@code <jobs-dir>/<job-name>}: its files, its trial directories and its live progress.
 * The layout is drawn in {@link HarborTrialPaths}.
 */
public class HarborJobDirectory {

    private final Path jobDir;

    /** @param jobDir {@code <jobs-dir>/<job-name>} */
    public HarborJobDirectory(Path jobDir) {
        this.jobDir = Objects.requireNonNull(jobDir, "jobDir");
    }

    /** The job directory {@code <jobsDir>/<jobName>}. */
    public static HarborJobDirectory of(Path jobsDir, String jobName) {
        return new HarborJobDirectory(jobsDir.resolve(jobName));
    }

    /** {@code <jobs-dir>/<job-name>}. */
    public Path path() {
        return jobDir;
    }

    /** {@code config.json}: the job config. */
    public Path config() {
        return jobDir.resolve(HarborTrialPaths.CONFIG_FILE);
    }

    /** {@code lock.json}: the resolved job inputs Harbor checks on resume. */
    public Path lock() {
        return jobDir.resolve(HarborTrialPaths.LOCK_FILE);
    }

    /** {@code job.log}: Harbor's log of the job. */
    public Path log() {
        return jobDir.resolve(HarborTrialPaths.JOB_LOG_FILE);
    }

    /** {@code result.json}: the job result with live progress. */
    public Path result() {
        return jobDir.resolve(HarborTrialPaths.RESULT_FILE);
    }

    /** The trial directory named {@code trialName}, whether it exists or not. */
    public HarborTrialPaths trial(String trialName) {
        return HarborTrialPaths.of(jobDir, trialName);
    }

    /**
     * The trial directories: subdirectories holding a {@code result.json} or a {@code config.json} (a trial that
     * started but has not finished has only the config), sorted by name. Empty when the job directory does not exist.
     *
     * @throws UncheckedIOException if the job directory exists but cannot be listed
     */
    public List<Path> trialDirectories() {
        if (!Files.isDirectory(jobDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(jobDir)) {
            return children
                    .filter(Files::isDirectory)
                    .filter(dir -> {
                        HarborTrialPaths trial = new HarborTrialPaths(dir);
                        return Files.isRegularFile(trial.result()) || Files.isRegularFile(trial.config());
                    })
                    .sorted(Comparator.comparing(dir -> dir.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the trial directories of " + jobDir, e);
        }
    }

    /**
     * The job {@code result.json}; empty when the file is missing, unreadable or not a JSON object.
     */
    public Optional<HarborJobResult> readResult() {
        try {
            return Optional.ofNullable(HarborJson.MAPPER.readValue(Files.readAllBytes(result()),
                    HarborJobResult.class));
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    /** The job {@code lock.json}; empty when the file is missing, unreadable or not a JSON object. */
    public Optional<HarborJobLock> readLock() {
        try {
            return Optional.ofNullable(HarborJson.MAPPER.readValue(Files.readAllBytes(lock()), HarborJobLock.class));
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    /**
     * Live progress from the job-level {@code result.json}; empty when the file is missing, unreadable or not shaped
     * like a Harbor job result (no {@code n_total_trials} or no {@code stats} object). Accepts the older
     * {@code n_trials}/{@code n_errors} names.
     */
    public Optional<JobProgress> progress() {
        return readResult()
                .filter(job -> job.nTotalTrials() != null && job.stats() != null)
                .map(JobProgress::of);
    }
}
