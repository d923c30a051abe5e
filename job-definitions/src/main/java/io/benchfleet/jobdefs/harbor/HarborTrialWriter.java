package io.benchfleet.jobdefs.harbor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a trial directory exactly as Harbor (0.22) lays it out, so that simulated and stand-in executors produce
 * output that {@link HarborTrialResultParser} and {@link HarborJobDirectory} read like the real thing:
 * <pre>
 * &lt;jobsDir&gt;/&lt;jobName&gt;/config.json            job config (written once)
 * &lt;jobsDir&gt;/&lt;jobName&gt;/result.json            job result with live stats, updated for this trial
 * &lt;jobsDir&gt;/&lt;jobName&gt;/&lt;trialName&gt;/config.json, trial.log, result.json, exception.txt (with an exception),
 *     agent/trajectory.json, verifier/reward.txt (when scored), verifier/test-stdout.txt, artifacts/
 * </pre>
 * Result files are written atomically (temp file, then move). Writers in one JVM serialise per job directory;
 * separate processes must not write into the same job directory at once.
 */
public class HarborTrialWriter {

    /** Harbor's {@code ShortUUID} alphabet: alphanumerics without the look-alikes 0, 1, I, O, l. */
    static final String TRIAL_SUFFIX_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static final int TRIAL_SUFFIX_LENGTH = 7;
    private static final int TASK_PREFIX_LENGTH = 32;
    private static final String REWARD_KEY = TrialResult.REWARD_KEY;
    private static final Map<Path, Object> JOB_LOCKS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter NAIVE = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

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
        Path jobDir = output.jobsDir().resolve(output.jobName()).toAbsolutePath().normalize();
        synchronized (JOB_LOCKS.computeIfAbsent(jobDir, dir -> new Object())) {
            try {
                return writeLocked(output, jobDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write trial of " + output.taskName() + " into " + jobDir, e);
            }
        }
    }

    private Path writeLocked(TrialOutput output, Path jobDir) throws IOException {
        Files.createDirectories(jobDir);
        Path trialDir = jobDir.resolve(chooseTrialName(output, jobDir));
        Trial trial = new Trial(output, trialDir, clock.instant());
        ObjectNode jobResult = readJobResult(jobDir, trial.startedAt());
        String existingId = HarborJson.text(jobResult, "id");
        String jobId = existingId != null ? existingId : UUID.randomUUID().toString();

        Path jobConfig = jobDir.resolve(HarborTrialPaths.CONFIG_FILE);
        if (!Files.exists(jobConfig)) {
            writeJson(jobConfig, jobConfig(output, jobDir));
        }

        Files.createDirectories(trialDir.resolve("agent"));
        Files.createDirectories(trialDir.resolve("verifier"));
        Files.createDirectories(trialDir.resolve("artifacts"));
        ObjectNode fullConfig = trialConfig(output, trialDir, jobDir, jobId);
        writeJson(trialDir.resolve(HarborTrialPaths.CONFIG_FILE), compactTrialConfig(fullConfig));
        Files.writeString(trialDir.resolve("trial.log"), trialLog(trial), StandardCharsets.UTF_8);
        writeJson(trialDir.resolve("agent").resolve("trajectory.json"), trajectory(trial));
        if (output.scored()) {
            Files.writeString(trialDir.resolve("verifier").resolve("reward.txt"), rewardText(output.reward()),
                    StandardCharsets.UTF_8);
        }
        Files.writeString(trialDir.resolve("verifier").resolve("test-stdout.txt"), testStdout(output),
                StandardCharsets.UTF_8);
        if (output.exceptionType() != null) {
            Files.writeString(trialDir.resolve("exception.txt"), trial.traceback(), StandardCharsets.UTF_8);
        }
        writeJsonAtomically(trialDir.resolve(HarborTrialPaths.RESULT_FILE), trialResult(trial, fullConfig));

        updateJobResult(jobResult, jobId, trial);
        writeJsonAtomically(jobDir.resolve(HarborTrialPaths.RESULT_FILE), jobResult);
        return trialDir;
    }

    private String chooseTrialName(TrialOutput output, Path jobDir) {
        if (output.trialName() != null) {
            if (Files.exists(jobDir.resolve(output.trialName()).resolve(HarborTrialPaths.RESULT_FILE))) {
                throw new IllegalStateException("trial " + output.trialName() + " in " + jobDir
                        + " already has a result.json; pick another trial name or remove the old trial directory");
            }
            return output.trialName();
        }
        String name;
        do {
            name = trialName(output.taskName(), random);
        } while (Files.exists(jobDir.resolve(name)));
        return name;
    }

    /** The facts of one trial with defaults filled in. */
    private record Trial(TrialOutput output, Path dir, String name, Instant startedAt, Instant finishedAt,
            String modelProvider, String bareModelName) {

        Trial(TrialOutput output, Path dir, Instant now) {
            this(output, dir, dir.getFileName().toString(),
                    output.startedAt() != null ? output.startedAt() : now,
                    output.finishedAt() != null ? output.finishedAt()
                            : output.startedAt() != null && output.startedAt().isAfter(now) ? output.startedAt() : now,
                    provider(output.modelName()), bareModel(output.modelName()));
        }

        private static String provider(String modelName) {
            return modelName != null && modelName.contains("/") ? modelName.substring(0, modelName.indexOf('/'))
                    : null;
        }

        private static String bareModel(String modelName) {
            return modelName == null || modelName.isBlank() ? null : modelName.substring(modelName.indexOf('/') + 1);
        }

        String agentVersion() {
            return output.agentVersion() != null ? output.agentVersion() : "unknown";
        }

        /** When the exception happened: before the verifier if the verifier still ran, else at the trial's end. */
        Instant exceptionOccurredAt() {
            PhaseTiming verifier = output.verifier();
            if (output.scored() && verifier != null && verifier.startedAt() != null) {
                return verifier.startedAt();
            }
            return finishedAt;
        }

        String traceback() {
            return "Traceback (most recent call last):\n"
                    + "  File \"/usr/local/lib/python3.12/site-packages/harbor/trial/trial.py\", line 512, in run\n"
                    + "    await self._execute()\n"
                    + output.exceptionType() + (output.exceptionMessage() == null ? ""
                            : ": " + output.exceptionMessage()) + "\n";
        }
    }

    private ObjectNode trialResult(Trial trial, ObjectNode fullConfig) {
        TrialOutput output = trial.output();
        ObjectNode result = HarborJson.MAPPER.createObjectNode();
        result.put("id", UUID.randomUUID().toString());
        result.put("task_name", output.taskName());
        result.put("trial_name", trial.name());
        result.put("trial_uri", fileUri(trial.dir()));
        result.set("task_id", taskId(output.taskName()));
        result.put("source", output.source());
        result.put("task_checksum", sha256(output.taskName()));
        result.set("config", fullConfig);

        ObjectNode agentInfo = result.putObject("agent_info");
        agentInfo.put("name", output.agentName());
        agentInfo.put("version", trial.agentVersion());
        if (trial.bareModelName() == null) {
            agentInfo.putNull("model_info");
        } else {
            ObjectNode modelInfo = agentInfo.putObject("model_info");
            modelInfo.put("name", trial.bareModelName());
            modelInfo.put("provider", trial.modelProvider());
        }

        if (output.nInputTokens() == null && output.nCacheTokens() == null && output.nOutputTokens() == null
                && output.costUsd() == null) {
            result.putNull("agent_result");
        } else {
            ObjectNode agentResult = result.putObject("agent_result");
            agentResult.put("n_input_tokens", output.nInputTokens());
            agentResult.put("n_cache_tokens", output.nCacheTokens());
            agentResult.put("n_output_tokens", output.nOutputTokens());
            agentResult.put("cost_usd", output.costUsd());
            agentResult.putNull("rollout_details");
            agentResult.putNull("metadata");
        }

        if (output.scored()) {
            result.putObject("verifier_result").putObject("rewards").put(REWARD_KEY, output.reward());
        } else {
            result.putNull("verifier_result");
        }
        result.put("verifier_environment_mode", "shared");

        if (output.exceptionType() == null) {
            result.putNull("exception_info");
        } else {
            ObjectNode exceptionInfo = result.putObject("exception_info");
            exceptionInfo.put("exception_type", output.exceptionType());
            exceptionInfo.put("exception_message", output.exceptionMessage() == null ? "" : output.exceptionMessage());
            exceptionInfo.put("exception_traceback", trial.traceback());
            exceptionInfo.put("occurred_at", utc(trial.exceptionOccurredAt()));
        }

        result.put("started_at", utc(trial.startedAt()));
        result.put("finished_at", utc(trial.finishedAt()));
        result.set("environment_setup", timing(output.environmentSetup()));
        result.set("agent_setup", timing(output.agentSetup()));
        result.set("agent_execution", timing(output.agentExecution()));
        result.set("verifier", timing(output.verifier()));
        result.putNull("step_results");
        return result;
    }

    private static JsonNode taskId(String taskName) {
        ObjectNode taskId = HarborJson.MAPPER.createObjectNode();
        int slash = taskName.indexOf('/');
        if (slash > 0) {
            taskId.put("org", taskName.substring(0, slash));
            taskId.put("name", taskName.substring(slash + 1));
            taskId.putNull("ref");
        } else {
            taskId.put("path", taskName);
        }
        return taskId;
    }

    /** Harbor's full {@code TrialConfig} (all fields, defaults included) as embedded in the trial result. */
    private static ObjectNode trialConfig(TrialOutput output, Path trialDir, Path jobDir, String jobId) {
        ObjectNode config = HarborJson.MAPPER.createObjectNode();
        ObjectNode task = config.putObject("task");
        boolean packageTask = output.taskName().indexOf('/') > 0;
        if (packageTask) {
            task.putNull("path");
        } else {
            task.put("path", output.taskName());
        }
        task.putNull("git_url");
        task.putNull("git_commit_id");
        if (packageTask) {
            task.put("name", output.taskName());
        } else {
            task.putNull("name");
        }
        task.putNull("ref");
        task.put("overwrite", false);
        task.putNull("download_dir");
        task.put("source", output.source());

        config.put("trial_name", trialDir.getFileName().toString());
        config.put("trials_dir", jobDir.toString());
        config.put("install_only", false);
        config.put("timeout_multiplier", 1.0);
        config.putNull("agent_timeout_multiplier");
        config.putNull("verifier_timeout_multiplier");
        config.putNull("agent_setup_timeout_multiplier");
        config.putNull("environment_build_timeout_multiplier");

        ObjectNode agent = config.putObject("agent");
        agent.put("name", output.agentName());
        agent.putNull("import_path");
        agent.put("model_name", output.modelName());
        agent.putNull("n_concurrent");
        agent.putNull("concurrency_group");
        agent.putArray("skills");
        agent.putNull("override_timeout_sec");
        agent.putNull("override_setup_timeout_sec");
        agent.putNull("max_timeout_sec");
        agent.put("resume_trajectory", false);
        agent.putNull("load_trajectory");
        agent.putArray("extra_allowed_hosts");
        agent.putObject("kwargs");
        agent.putArray("mcp_servers");
        config.putNull("user_agent");

        ObjectNode environment = config.putObject("environment");
        environment.put("type", "docker");
        environment.putNull("import_path");
        environment.put("force_build", false);
        environment.put("delete", true);
        environment.put("cpu_enforcement_policy", "auto");
        environment.put("memory_enforcement_policy", "auto");
        environment.putNull("override_cpus");
        environment.putNull("override_memory_mb");
        environment.putNull("override_storage_mb");
        environment.putNull("override_gpus");
        environment.putNull("override_tpu");
        environment.putNull("mounts");
        environment.putArray("extra_docker_compose");
        environment.putObject("kwargs");
        environment.putArray("extra_allowed_hosts");

        ObjectNode verifier = config.putObject("verifier");
        verifier.putNull("override_timeout_sec");
        verifier.putNull("max_timeout_sec");
        verifier.put("disable", false);
        config.putArray("artifacts");
        config.putArray("extra_instruction_paths");
        config.putArray("extra_instructions");
        config.put("job_id", jobId);
        config.putNull("source_trial");
        return config;
    }

    /** The trial's {@code config.json}: Harbor writes it with {@code exclude_defaults=True}. */
    private static ObjectNode compactTrialConfig(ObjectNode fullConfig) {
        ObjectNode config = HarborJson.MAPPER.createObjectNode();
        ObjectNode task = config.putObject("task");
        copyNonNull(fullConfig.path("task"), task, "path", "name", "source");
        config.set("trial_name", fullConfig.get("trial_name"));
        config.set("trials_dir", fullConfig.get("trials_dir"));
        ObjectNode agent = config.putObject("agent");
        copyNonNull(fullConfig.path("agent"), agent, "name", "model_name");
        config.set("job_id", fullConfig.get("job_id"));
        return config;
    }

    /** The job's {@code config.json} ({@code JobConfig}, defaults excluded). */
    private static ObjectNode jobConfig(TrialOutput output, Path jobDir) {
        ObjectNode config = HarborJson.MAPPER.createObjectNode();
        config.put("job_name", output.jobName());
        config.put("jobs_dir", jobDir.getParent().toString());
        ObjectNode agent = config.putArray("agents").addObject();
        agent.put("name", output.agentName());
        if (output.modelName() != null) {
            agent.put("model_name", output.modelName());
        }
        if (output.source() != null) {
            config.putArray("datasets").addObject().put("name", output.source());
        }
        return config;
    }

    private static void copyNonNull(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            JsonNode value = from.get(field);
            if (value != null && !value.isNull()) {
                to.set(field, value);
            }
        }
    }

    private static JsonNode timing(PhaseTiming timing) {
        if (timing == null) {
            return HarborJson.MAPPER.nullNode();
        }
        ObjectNode node = HarborJson.MAPPER.createObjectNode();
        node.put("started_at", utc(timing.startedAt()));
        node.put("finished_at", utc(timing.finishedAt()));
        return node;
    }

    /** A small ATIF trajectory, as installed agents leave in {@code agent/trajectory.json}. */
    private static ObjectNode trajectory(Trial trial) {
        TrialOutput output = trial.output();
        ObjectNode trajectory = HarborJson.MAPPER.createObjectNode();
        trajectory.put("schema_version", "ATIF-v1.5");
        trajectory.put("session_id", UUID.randomUUID().toString());
        ObjectNode agent = trajectory.putObject("agent");
        agent.put("name", output.agentName());
        agent.put("version", trial.agentVersion());
        agent.put("model_name", trial.bareModelName());
        ArrayNode steps = trajectory.putArray("steps");
        ObjectNode instruction = steps.addObject();
        instruction.put("step_id", 1);
        instruction.put("timestamp", utc(trial.startedAt()));
        instruction.put("source", "user");
        instruction.put("message", "Solve the task " + output.taskName() + " (simulated by benchfleet).");
        ObjectNode answer = steps.addObject();
        answer.put("step_id", 2);
        answer.put("timestamp", utc(trial.finishedAt()));
        answer.put("source", "agent");
        answer.put("model_name", trial.bareModelName());
        answer.put("message", output.exceptionType() == null ? "Done." : "Stopped: " + output.exceptionType());
        ObjectNode metrics = trajectory.putObject("final_metrics");
        metrics.put("total_prompt_tokens", output.nInputTokens());
        metrics.put("total_completion_tokens", output.nOutputTokens());
        metrics.put("total_cached_tokens", output.nCacheTokens());
        metrics.put("total_cost_usd", output.costUsd());
        metrics.put("total_steps", 2);
        return trajectory;
    }

    private static String trialLog(Trial trial) {
        TrialOutput output = trial.output();
        StringBuilder log = new StringBuilder();
        log.append(utc(trial.startedAt())).append(" INFO Starting trial ").append(trial.name())
                .append(" (task ").append(output.taskName()).append(", agent ").append(output.agentName())
                .append(output.modelName() == null ? "" : ", model " + output.modelName()).append(")\n");
        if (output.exceptionType() != null) {
            log.append(utc(trial.exceptionOccurredAt())).append(" ERROR ").append(output.exceptionType())
                    .append(output.exceptionMessage() == null ? "" : ": " + output.exceptionMessage()).append('\n');
        }
        log.append(utc(trial.finishedAt())).append(" INFO Trial finished")
                .append(output.scored() ? " with reward " + rewardText(output.reward()) : " without reward")
                .append('\n');
        return log.toString();
    }

    private static String testStdout(TrialOutput output) {
        if (!output.scored()) {
            return "verifier produced no reward\n";
        }
        return output.reward() >= 1.0 ? "1 passed\n" : "1 failed\n";
    }

    /** The job result: read if present and an object, else a fresh one started when this trial started. */
    private static ObjectNode readJobResult(Path jobDir, Instant startedAt) {
        Path file = jobDir.resolve(HarborTrialPaths.RESULT_FILE);
        if (Files.isRegularFile(file)) {
            try {
                JsonNode existing = HarborJson.MAPPER.readTree(Files.readAllBytes(file));
                if (existing != null && existing.isObject()) {
                    return (ObjectNode) existing;
                }
            } catch (IOException | JacksonException garbled) {
                // start over, like a job whose result was lost
            }
        }
        ObjectNode fresh = HarborJson.MAPPER.createObjectNode();
        fresh.put("id", UUID.randomUUID().toString());
        fresh.put("started_at", naive(startedAt));
        fresh.putNull("updated_at");
        fresh.putNull("finished_at");
        fresh.put("n_total_trials", 0);
        ObjectNode stats = fresh.putObject("stats");
        for (String count : List.of("n_completed_trials", "n_errored_trials", "n_running_trials",
                "n_pending_trials", "n_cancelled_trials", "n_retries")) {
            stats.put(count, 0);
        }
        stats.putObject("evals");
        for (String total : List.of("n_input_tokens", "n_cache_tokens", "n_output_tokens", "cost_usd")) {
            stats.putNull(total);
        }
        return fresh;
    }

    /** Adds the trial to the job stats like Harbor's {@code JobStats.increment} and refreshes the progress fields. */
    private void updateJobResult(ObjectNode job, String jobId, Trial trial) {
        TrialOutput output = trial.output();
        ObjectNode stats = child(job, "stats");
        int completed = count(stats, "n_completed_trials", "n_trials") + 1;
        int errored = count(stats, "n_errored_trials", "n_errors");
        int cancelled = count(stats, "n_cancelled_trials", null);

        String evalsKey = output.agentName() + (trial.bareModelName() == null ? "" : "__" + trial.bareModelName())
                + "__" + (output.source() == null ? "adhoc" : output.source());
        ObjectNode evals = child(stats, "evals");
        if (!evals.path(evalsKey).isObject()) {
            ObjectNode fresh = evals.putObject(evalsKey);
            fresh.put("n_trials", 0);
            fresh.put("n_errors", 0);
            fresh.putArray("metrics");
            fresh.putObject("pass_at_k");
            fresh.putObject("reward_stats");
            fresh.putObject("exception_stats");
        }
        ObjectNode eval = child(evals, evalsKey);
        int evalTrials = count(eval, "n_trials", null);
        int evalErrors = count(eval, "n_errors", null);
        ObjectNode rewardStats = child(eval, "reward_stats");
        ObjectNode exceptionStats = child(eval, "exception_stats");
        if (output.scored()) {
            evalTrials++;
            array(child(rewardStats, REWARD_KEY), Double.toString(output.reward())).add(trial.name());
        }
        if (output.exceptionType() != null) {
            evalErrors++;
            errored++;
            array(exceptionStats, output.exceptionType()).add(trial.name());
            if ("CancelledError".equals(output.exceptionType())) {
                cancelled++;
            }
        }

        int total = Math.max(completed, output.jobTotalTrials() != null ? output.jobTotalTrials()
                : count(job, "n_total_trials", null));
        String now = naive(clock.instant());
        job.put("id", jobId);
        if (!job.hasNonNull("started_at")) {
            job.put("started_at", now);
        }
        job.put("updated_at", now);
        if (completed >= total) {
            job.put("finished_at", now);
        } else {
            job.putNull("finished_at");
        }
        job.put("n_total_trials", total);

        stats.remove("n_trials");
        stats.remove("n_errors");
        stats.put("n_completed_trials", completed);
        stats.put("n_errored_trials", errored);
        stats.put("n_running_trials", 0);
        stats.put("n_pending_trials", Math.max(total - completed, 0));
        stats.put("n_cancelled_trials", cancelled);
        stats.put("n_retries", count(stats, "n_retries", null));
        eval.put("n_trials", evalTrials);
        eval.put("n_errors", evalErrors);
        ArrayNode metrics = eval.putArray("metrics");
        metrics.addObject().put("mean", meanReward(rewardStats, exceptionStats));
        if (!eval.path("pass_at_k").isObject()) {
            eval.putObject("pass_at_k");
        }
        addTo(stats, "n_input_tokens", output.nInputTokens());
        addTo(stats, "n_cache_tokens", output.nCacheTokens());
        addTo(stats, "n_output_tokens", output.nOutputTokens());
        if (output.costUsd() != null) {
            Double previous = HarborJson.number(stats, "cost_usd");
            stats.put("cost_usd", (previous == null ? 0.0 : previous) + output.costUsd());
        } else if (!stats.has("cost_usd")) {
            stats.putNull("cost_usd");
        }
    }

    /**
     * Harbor's mean metric: the sum of the rewards over every completed trial of the eval, unscored trials counting
     * as 0. The trials are those named in the reward or exception stats.
     */
    private static double meanReward(ObjectNode rewardStats, ObjectNode exceptionStats) {
        Set<String> trials = new LinkedHashSet<>();
        double sum = 0;
        JsonNode byValue = rewardStats.path(REWARD_KEY);
        for (Map.Entry<String, JsonNode> entry : byValue.properties()) {
            Double reward = parseOrNull(entry.getKey());
            for (JsonNode name : entry.getValue().values()) {
                if (trials.add(name.asString()) && reward != null) {
                    sum += reward;
                }
            }
        }
        for (JsonNode names : exceptionStats.values()) {
            for (JsonNode name : names.values()) {
                trials.add(name.asString());
            }
        }
        return trials.isEmpty() ? 0.0 : sum / trials.size();
    }

    private static Double parseOrNull(String text) {
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing != null && existing.isObject() ? (ObjectNode) existing : parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing != null && existing.isArray() ? (ArrayNode) existing : parent.putArray(field);
    }

    private static int count(JsonNode node, String field, String legacyField) {
        Integer value = HarborJson.count(node, field);
        if (value == null && legacyField != null) {
            value = HarborJson.count(node, legacyField);
        }
        return value == null ? 0 : value;
    }

    private static void addTo(ObjectNode stats, String field, Long amount) {
        Long previous = HarborJson.wholeNumber(stats, field);
        if (amount != null) {
            stats.put(field, (previous == null ? 0L : previous) + amount);
        } else if (!stats.has(field)) {
            stats.putNull(field);
        }
    }

    /** reward.txt content: {@code 1}, {@code 0}, {@code 0.5}. */
    private static String rewardText(double reward) {
        return BigDecimal.valueOf(reward).stripTrailingZeros().toPlainString();
    }

    /** {@code file:///abs/path} without the trailing slash Java adds for directories (Python's {@code as_uri()}). */
    private static String fileUri(Path dir) {
        String uri = dir.toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") && uri.length() > "file:///".length() ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Trial timestamps: UTC with {@code Z}, microsecond precision (Pydantic's form for aware datetimes). */
    private static String utc(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** Job timestamps: naive UTC, as Harbor's job writes {@code datetime.now()}. */
    private static String naive(Instant instant) {
        return NAIVE.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    private static void writeJson(Path file, JsonNode json) throws IOException {
        Files.writeString(file, JSON_WRITER.writeValueAsString(json), StandardCharsets.UTF_8);
    }

    private static void writeJsonAtomically(Path file, JsonNode json) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, JSON_WRITER.writeValueAsString(json), StandardCharsets.UTF_8);
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
