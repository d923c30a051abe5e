package io.benchfleet.manager.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import io.benchfleet.jobdefs.harbor.HarborJobResult;
import io.benchfleet.jobdefs.harbor.HarborJobSummary;
import io.benchfleet.jobdefs.harbor.HarborTrialPaths;
import io.benchfleet.jobdefs.harbor.HarborTrialResultParser;
import io.benchfleet.jobdefs.harbor.TrialResult;
import io.benchfleet.jobdefs.harbor.TrialResultUnreadableException;
import io.benchfleet.jobdefs.harbor.json.HarborJson;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.artifact.LocalArtifactStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the Harbor job directories of a run's partitions (one job of one trial each, archived per partition) into one
 * Harbor-shaped job folder, the form leaderboards take:
 * <pre>
 * DIR/config.json        the job config: the first partition's, named after DIR, with every task and n_attempts
 * DIR/result.json        the job result Harbor would write for these trials ({@link HarborJobSummary})
 * DIR/&lt;trial name&gt;/     each partition's trial directory as Harbor left it (result.json, agent/, verifier/, ...)
 * </pre>
 * Archives are read from wherever they were stored (a local directory, or S3 through the configured store). A
 * partition contributes the trial its result was read from; one without an archived trial with a result is listed
 * as not exported, with why. Whether the run is leaderboard-valid is checked on the way ({@link LeaderboardCheck}).
 */
public class HarborJobExport {

    /** Where archives are fetched to before their trials move into the job folder; removed at the end. */
    static final String STAGING = ".benchfleet-export";

    private final ArtifactStore configuredStore;
    private final HarborTrialResultParser parser = new HarborTrialResultParser();

    /** @param configuredStore the store of {@code benchfleet.artifacts.location}; reads {@code s3://} archives */
    public HarborJobExport(ArtifactStore configuredStore) {
        this.configuredStore = configuredStore;
    }

    /**
     * What was exported.
     *
     * @param storeFailures partitions whose archive could not be read (the store failed), a subset of
     *                      {@code notExported}
     */
    public record Result(Path dir, int planned, int trials, int tasks, List<String> notExported,
            List<String> storeFailures, HarborJobResult job, LeaderboardCheck leaderboard) {
    }

    /**
     * Writes the job folder {@code dir} (new, or empty) for the run with {@code rows} (the latest result of each
     * partition), {@code planned} partitions and job instance {@code jobInstanceId}; of one matrix
     * {@code configuration} of it, or null for a run of one agent and model.
     */
    public Result export(long jobInstanceId, String configuration, List<ExportRow> rows, int planned, Path dir)
            throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target);
        Path staging = target.resolve(STAGING);
        List<String> notExported = new ArrayList<>();
        List<String> storeFailures = new ArrayList<>();
        List<TrialResult> trials = new ArrayList<>();
        Map<String, Integer> trialsPerTask = new TreeMap<>();
        Map<String, JsonNode> configs = new LinkedHashMap<>();
        int simulated = 0;
        int unrecorded = 0;
        try {
            for (ExportRow row : rows.stream().sorted(Comparator.comparing(ExportRow::partitionKey)).toList()) {
                trialsPerTask.putIfAbsent(row.task(), 0);
                if (row.artifactUri() == null) {
                    notExported.add(row.partitionKey() + ": " + notArchived(row));
                    continue;
                }
                Path fetched = staging.resolve(row.partitionKey());
                try {
                    store(row.artifactUri()).fetchDirectory(URI.create(row.artifactUri()), fetched);
                } catch (RuntimeException e) {
                    String why = row.partitionKey() + ": its archive " + row.artifactUri() + " cannot be read ("
                            + Messages.oneLine(Messages.message(e)) + ")";
                    notExported.add(why);
                    storeFailures.add(why);
                    continue;
                }
                HarborJobDirectory job = new HarborJobDirectory(fetched);
                Path trialDir = chosenTrial(job, row);
                if (trialDir == null) {
                    notExported.add(row.partitionKey() + ": no trial with a result in its archive (" + row.failureClass()
                            + " failure)");
                    continue;
                }
                TrialResult result;
                try {
                    result = parser.parseTrialDirectory(trialDir);
                } catch (TrialResultUnreadableException e) {
                    notExported.add(row.partitionKey() + ": " + e.getMessage());
                    continue;
                }
                Path destination = target.resolve(trialDir.getFileName().toString());
                if (Files.exists(destination)) {
                    notExported.add(row.partitionKey() + ": a trial named " + destination.getFileName()
                            + " is exported already");
                    continue;
                }
                Files.move(trialDir, destination);
                readJson(job.config()).ifPresent(config -> configs.put(row.partitionKey(), config));
                trials.add(result);
                trialsPerTask.merge(row.task(), 1, Integer::sum);
                if (row.executor() == null) {
                    unrecorded++;
                } else if ("simulated".equals(row.executor())) {
                    simulated++;
                }
            }
        } finally {
            deleteTree(staging);
        }
        int missing = planned - rows.size();
        if (missing > 0) {
            notExported.add(missing + " partition(s) never recorded a result");
        }
        ObjectNode jobConfig = mergedConfig(configs, target, trialsPerTask);
        String differs = firstDifference(configs);
        String jobKey = "benchfleet-export:" + jobInstanceId + (configuration == null ? "" : "/" + configuration);
        HarborJobResult jobResult = HarborJobSummary.of(UUID.nameUUIDFromBytes(jobKey.getBytes(StandardCharsets.UTF_8))
                .toString(), trials);
        if (jobConfig != null) {
            write(target.resolve("config.json"), jobConfig);
        }
        write(target.resolve("result.json"), jobResult);
        LeaderboardCheck check = LeaderboardCheck.of(jobConfig, differs, trialsPerTask, simulated, unrecorded,
                notExported);
        return new Result(target, planned, trials.size(), trialsPerTask.size(), List.copyOf(notExported),
                List.copyOf(storeFailures), jobResult, check);
    }

    private static String notArchived(ExportRow row) {
        return switch (row.archiveState() == null ? "NONE" : row.archiveState()) {
            case "PENDING" -> "its archive is still pending on worker " + row.host()
                    + " (the worker's archive sweeper stores it once the artifact store answers)";
            case "LOST" -> "its trial directory was lost before it could be archived";
            default -> "the trial left no directory (" + row.failureClass() + " failure)";
        };
    }

    private ArtifactStore store(String uri) {
        return uri.startsWith("file:") ? new LocalArtifactStore(Path.of(URI.create(uri))) : configuredStore;
    }

    /** The trial the row's result was read from, else the last trial with a result (as the worker reads them). */
    private static Path chosenTrial(HarborJobDirectory job, ExportRow row) {
        List<Path> withResult = job.trialDirectories().stream()
                .filter(d -> Files.isRegularFile(new HarborTrialPaths(d).result())).toList();
        if (row.trialName() != null) {
            for (Path d : withResult) {
                if (d.getFileName().toString().equals(row.trialName())) {
                    return d;
                }
            }
        }
        return withResult.isEmpty() ? null : withResult.get(withResult.size() - 1);
    }

    /**
     * The first partition's job config as the merged job's: named after the folder, in the folder's parent, with
     * the number of attempts per task and every exported task in its dataset's {@code task_names}.
     */
    private static ObjectNode mergedConfig(Map<String, JsonNode> configs, Path target,
            Map<String, Integer> trialsPerTask) {
        if (configs.isEmpty() || !(configs.values().iterator().next() instanceof ObjectNode first)) {
            return null;
        }
        ObjectNode merged = first.deepCopy();
        merged.put("job_name", target.getFileName().toString());
        merged.put("jobs_dir", target.getParent().toString());
        int attempts = trialsPerTask.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        if (attempts != 1) {
            merged.put("n_attempts", attempts);
        }
        JsonNode datasets = merged.get("datasets");
        if (datasets instanceof ArrayNode list && list.size() == 1 && list.get(0) instanceof ObjectNode dataset) {
            ArrayNode names = dataset.putArray("task_names");
            new TreeSet<>(trialsPerTask.keySet()).forEach(names::add);
        }
        return merged;
    }

    /** A partition whose config differs from the first's in more than its job name, jobs dir and task, or null. */
    private static String firstDifference(Map<String, JsonNode> configs) {
        String firstKey = null;
        JsonNode first = null;
        for (Map.Entry<String, JsonNode> e : configs.entrySet()) {
            JsonNode normalised = normalised(e.getValue());
            if (first == null) {
                firstKey = e.getKey();
                first = normalised;
                continue;
            }
            if (!first.equals(normalised)) {
                String field = fieldsOf(first, normalised);
                return e.getKey() + " differs from " + firstKey + " in " + field;
            }
        }
        return null;
    }

    private static JsonNode normalised(JsonNode config) {
        if (!(config instanceof ObjectNode object)) {
            return config;
        }
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of("job_name", "jobs_dir"));
        if (copy.get("datasets") instanceof ArrayNode datasets) {
            datasets.forEach(d -> {
                if (d instanceof ObjectNode o) {
                    o.remove("task_names");
                }
            });
        }
        return copy;
    }

    private static String fieldsOf(JsonNode a, JsonNode b) {
        TreeSet<String> names = new TreeSet<>();
        a.propertyNames().forEach(names::add);
        b.propertyNames().forEach(names::add);
        List<String> differing = names.stream().filter(n -> !Objects.equals(a.get(n), b.get(n))).toList();
        return differing.isEmpty() ? "its shape" : "'" + String.join("', '", differing) + "'";
    }

    private static java.util.Optional<JsonNode> readJson(Path file) {
        try {
            return Files.isRegularFile(file) ? java.util.Optional.ofNullable(HarborJson.MAPPER.readTree(
                    Files.readAllBytes(file))) : java.util.Optional.empty();
        } catch (IOException | JacksonException e) {
            return java.util.Optional.empty();
        }
    }

    private static void write(Path file, Object value) throws IOException {
        Files.writeString(file, HarborJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n",
                StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
