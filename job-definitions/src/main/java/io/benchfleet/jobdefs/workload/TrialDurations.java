package io.benchfleet.jobdefs.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A replayable workload: the duration of every trial of a run, by partition key, in real (unscaled) time.
 *
 * <p>File format (CSV, UTF-8): a header line {@code partition_key,duration_seconds}, then one line per trial such as
 * {@code build-linux-kernel__a03,1412.5}. Blank lines and lines starting with {@code #} are ignored. The same file
 * drives the simulated workers of the fleet benchmark and can be fed to any other system to run the identical
 * workload.
 */
public final class TrialDurations {

    public static final String HEADER = "partition_key,duration_seconds";

    private final Map<String, Duration> byKey;

    public TrialDurations(Map<String, Duration> byKey) {
        if (byKey.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one trial duration");
        }
        byKey.forEach((key, d) -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("trial " + key + " has a negative duration " + d);
            }
        });
        this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    }

    /** Reads a workload file; a malformed or missing file fails with one line naming the file, line and fix. */
    public static TrialDurations read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidWorkloadException(file + ": no such workload file (write one with the fleet benchmark "
                    + "or give the path of a '" + HEADER + "' CSV)");
        } catch (IOException e) {
            throw new InvalidWorkloadException(file + ": cannot read the workload file: " + e.getMessage());
        }
        Map<String, Duration> byKey = new LinkedHashMap<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            if (!header) {
                if (!line.equals(HEADER)) {
                    throw new InvalidWorkloadException(where + "expected the header '" + HEADER + "', found '" + line
                            + "'");
                }
                header = true;
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma <= 0) {
                throw new InvalidWorkloadException(where + "expected '<partition key>,<seconds>', found '" + line
                        + "'");
            }
            String key = line.substring(0, comma).strip();
            double seconds;
            try {
                seconds = Double.parseDouble(line.substring(comma + 1).strip());
            } catch (NumberFormatException e) {
                throw new InvalidWorkloadException(where + "'" + line.substring(comma + 1).strip()
                        + "' is not a number of seconds");
            }
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new InvalidWorkloadException(where + "duration of " + key + " must be a finite number of "
                        + "seconds >= 0, found " + seconds);
            }
            if (byKey.put(key, Duration.ofNanos(Math.round(seconds * 1e9))) != null) {
                throw new InvalidWorkloadException(where + "partition " + key + " is listed twice");
            }
        }
        if (byKey.isEmpty()) {
            throw new InvalidWorkloadException(file + ": the workload lists no trials (expected '" + HEADER
                    + "' and one line per trial)");
        }
        return new TrialDurations(byKey);
    }

    public void write(Path file) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        byKey.forEach((key, d) -> out.append(key).append(',')
                .append(String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9)).append('\n'));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the workload file " + file, e);
        }
    }

    public Optional<Duration> of(String partitionKey) {
        return Optional.ofNullable(byKey.get(partitionKey));
    }

    public Map<String, Duration> byKey() {
        return byKey;
    }

    public int size() {
        return byKey.size();
    }

    public Duration longest() {
        return byKey.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public Duration total() {
        return byKey.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** The same workload with every duration divided by {@code factor} (a 15-minute trial at 600 takes 1.5 s). */
    public TrialDurations scaledDown(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("time scale must be > 0, was " + factor);
        }
        Map<String, Duration> scaled = new LinkedHashMap<>();
        byKey.forEach((key, d) -> scaled.put(key, Duration.ofNanos(Math.round(d.toNanos() / factor))));
        return new TrialDurations(scaled);
    }
}
