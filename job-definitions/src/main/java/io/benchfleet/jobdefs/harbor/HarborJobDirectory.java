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

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One Harbor job directory, {@code <jobs-dir>/<job-name>}: its trial directories and its live progress.
 */
public class HarborJobDirectory {

    /** File name of the job result and of each trial result. */
    public static final String RESULT_FILE = "result.json";
    /** File name of the job config and of each trial config. */
    public static final String CONFIG_FILE = "config.json";

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
                    .filter(dir -> Files.isRegularFile(dir.resolve(RESULT_FILE))
                            || Files.isRegularFile(dir.resolve(CONFIG_FILE)))
                    .sorted(Comparator.comparing(dir -> dir.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the trial directories of " + jobDir, e);
        }
    }

    /**
     * Live progress from the job-level {@code result.json}; empty when the file is missing, unreadable or not shaped
     * like a Harbor job result (no {@code n_total_trials} or no {@code stats} object). Accepts the older
     * {@code n_trials}/{@code n_errors} names.
     */
    public Optional<JobProgress> progress() {
        JsonNode root;
        try {
            root = HarborJson.MAPPER.readTree(Files.readAllBytes(jobDir.resolve(RESULT_FILE)));
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
        Integer total = HarborJson.count(root, "n_total_trials");
        JsonNode stats = HarborJson.object(root, "stats");
        if (total == null || stats == null) {
            return Optional.empty();
        }
        int completed = firstCount(stats, "n_completed_trials", "n_trials");
        int errored = firstCount(stats, "n_errored_trials", "n_errors");
        Integer runningCount = HarborJson.count(stats, "n_running_trials");
        int running = runningCount == null ? 0 : runningCount;
        Integer pending = HarborJson.count(stats, "n_pending_trials");
        return Optional.of(new JobProgress(total, completed, errored, running,
                pending != null ? pending : Math.max(total - completed - running, 0)));
    }

    private static int firstCount(JsonNode stats, String field, String legacyField) {
        Integer value = HarborJson.count(stats, field);
        if (value == null) {
            value = HarborJson.count(stats, legacyField);
        }
        return value == null ? 0 : value;
    }
}
