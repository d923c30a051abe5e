package io.benchfleet.worker.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.trial.TrialInfrastructureException;

/** What the docker and process executors share: secrets from the environment, files left in the job directory. */
final class TrialRunSupport {

    /** Left in the Harbor job directory when benchfleet killed the trial at its wall-clock limit. */
    static final String TIMEOUT_FILE = "benchfleet-timeout.txt";

    private TrialRunSupport() {
    }

    /**
     * The values of the partition's secret environment variables, from this worker's environment.
     *
     * @throws TrialInfrastructureException naming (only) the first missing variable
     */
    static Map<String, String> secrets(Partition partition, Function<String, String> environment, String host) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : partition.secretNames()) {
            String value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw new TrialInfrastructureException("secret environment variable " + name + " (spec secrets:) is "
                        + "not set on worker " + host + ": set it in the worker's environment");
            }
            values.put(name, value);
        }
        return values;
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TrialInfrastructureException("cannot create jobs directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the output log, written next to the job directory while Harbor runs (so Harbor finds no foreign file in
     * a fresh job directory), into the job directory, where it is archived with the trial.
     */
    static void moveIntoJobDir(Path log, Path jobDir, String name) {
        try {
            if (Files.exists(log)) {
                Files.createDirectories(jobDir);
                Files.move(log, jobDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the trial result matters more than its log: keep going
            org.slf4j.LoggerFactory.getLogger(TrialRunSupport.class).warn("could not move {} into {}: {}", log,
                    jobDir, e.getMessage());
        }
    }

    static void writeTimeoutNote(Path jobDir, Partition partition, String what) {
        String note = Instant.now() + " benchfleet killed " + what + " of partition " + partition.key()
                + " after its wall-clock limit of " + partition.trialTimeoutSeconds() + " s (trialTimeoutSeconds: "
                + "task timeouts x multiplier + margin)\n";
        try {
            Files.createDirectories(jobDir);
            Files.writeString(jobDir.resolve(TIMEOUT_FILE), note, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(TrialRunSupport.class).warn("could not write {} into {}: {}",
                    TIMEOUT_FILE, jobDir, e.getMessage());
        }
    }
}
