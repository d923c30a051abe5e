package io.benchfleet.jobdefs.harbor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Harbor trial {@code result.json} (Harbor's {@code TrialResult}, release 0.22 and older) into a
 * {@link TrialResult}. Lenient: unknown fields are ignored, fields of an unexpected shape read as absent, timestamps
 * may lack an offset (read as UTC). Only a missing file, unreadable JSON, a non-object or a missing
 * {@code task_name} is an error ({@link TrialResultUnreadableException}, one line naming the file).
 */
public class HarborTrialResultParser {

    /** File name of a trial result inside a trial directory. */
    public static final String RESULT_FILE = "result.json";

    private static final int MAX_DETAIL_LENGTH = 200;

    /** Reads the {@code result.json} of the trial directory {@code trialDir}. */
    public TrialResult parseTrialDirectory(Path trialDir) {
        if (!Files.isDirectory(trialDir)) {
            throw new TrialResultUnreadableException(
                    "trial directory " + trialDir + " does not exist: the trial never started or its directory was"
                            + " removed; check the jobs dir and job name");
        }
        return parse(trialDir.resolve(RESULT_FILE));
    }

    /** Reads one trial {@code result.json}; a directory is read as a trial directory. */
    public TrialResult parse(Path resultJson) {
        if (Files.isDirectory(resultJson)) {
            return parseTrialDirectory(resultJson);
        }
        JsonNode root = readObject(resultJson);
        String taskName = normaliseTaskName(HarborJson.text(root, "task_name"));
        if (taskName == null) {
            throw new TrialResultUnreadableException(
                    resultJson + " has no task_name: it is not a Harbor trial result (or is from an incompatible"
                            + " Harbor release); check which file was passed");
        }
        String trialName = HarborJson.text(root, "trial_name");
        if (trialName == null || trialName.isBlank()) {
            trialName = trialDirectoryName(resultJson);
        }

        JsonNode agentInfo = HarborJson.object(root, "agent_info");
        JsonNode modelInfo = HarborJson.object(agentInfo, "model_info");
        JsonNode exceptionInfo = HarborJson.object(root, "exception_info");
        Tokens tokens = Tokens.of(root);

        return new TrialResult(
                HarborJson.text(root, "id"),
                taskName,
                trialName,
                HarborJson.text(root, "source"),
                HarborJson.text(agentInfo, "name"),
                HarborJson.text(agentInfo, "version"),
                HarborJson.text(modelInfo, "name"),
                HarborJson.text(modelInfo, "provider"),
                rewards(HarborJson.object(root, "verifier_result")),
                HarborJson.text(exceptionInfo, "exception_type"),
                HarborJson.text(exceptionInfo, "exception_message"),
                HarborJson.text(exceptionInfo, "exception_traceback"),
                tokens.input(),
                tokens.cache(),
                tokens.output(),
                tokens.costUsd(),
                HarborJson.instant(root, "started_at"),
                HarborJson.instant(root, "finished_at"),
                timing(root, "environment_setup"),
                timing(root, "agent_setup"),
                timing(root, "agent_execution"),
                timing(root, "verifier"));
    }

    /** Strips an {@code org/} prefix ({@code terminal-bench/largest-eigenval} → {@code largest-eigenval}). */
    static String normaliseTaskName(String taskName) {
        if (taskName == null) {
            return null;
        }
        String bare = taskName.substring(taskName.lastIndexOf('/') + 1).trim();
        return bare.isEmpty() ? null : bare;
    }

    private static JsonNode readObject(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            Path dir = file.toAbsolutePath().getParent();
            throw new TrialResultUnreadableException(
                    "no " + file.getFileName() + " in " + dir + ": the trial was interrupted or Harbor crashed"
                            + " before writing it; see " + dir.resolve("trial.log"), e);
        } catch (IOException | RuntimeException e) {
            throw new TrialResultUnreadableException(
                    "cannot read " + file + " (" + oneLine(String.valueOf(e.getMessage())) + "): check that the file"
                            + " is readable by this process", e);
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new TrialResultUnreadableException(
                    file + " is empty: Harbor was probably killed while writing it; treat the trial as not run and"
                            + " run it again");
        }
        JsonNode root;
        try {
            root = HarborJson.MAPPER.readTree(content);
        } catch (JacksonException e) {
            throw new TrialResultUnreadableException(
                    file + " is not valid JSON" + location(e) + ": " + oneLine(e.getOriginalMessage())
                            + "; the file is truncated or corrupt, run the trial again", e);
        }
        if (root == null || !root.isObject()) {
            throw new TrialResultUnreadableException(
                    file + " is not a Harbor trial result: expected a JSON object but found " + describe(root)
                            + "; check which file was passed");
        }
        return root;
    }

    private static Map<String, Double> rewards(JsonNode verifierResult) {
        JsonNode rewards = HarborJson.object(verifierResult, "rewards");
        if (rewards == null) {
            return Map.of();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : rewards.properties()) {
            Double value = HarborJson.number(entry.getValue());
            if (value != null) {
                values.put(entry.getKey(), value);
            }
        }
        return values;
    }

    private static PhaseTiming timing(JsonNode root, String field) {
        JsonNode timing = HarborJson.object(root, field);
        if (timing == null) {
            return null;
        }
        PhaseTiming phase = new PhaseTiming(
                HarborJson.instant(timing, "started_at"), HarborJson.instant(timing, "finished_at"));
        return phase.startedAt() == null && phase.finishedAt() == null ? null : phase;
    }

    private static String trialDirectoryName(Path resultJson) {
        Path dir = resultJson.toAbsolutePath().getParent();
        return dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString();
    }

    private static String location(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase();
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return line.length() > MAX_DETAIL_LENGTH ? line.substring(0, MAX_DETAIL_LENGTH) + "..." : line;
    }

    /**
     * Token and cost totals. Single-step trials record them on {@code agent_result}; multi-step trials on each
     * {@code step_results[i].agent_result}, summed like Harbor's {@code compute_token_cost_totals}.
     */
    private record Tokens(Long input, Long cache, Long output, Double costUsd) {

        static Tokens of(JsonNode root) {
            JsonNode agentResult = HarborJson.object(root, "agent_result");
            if (agentResult != null) {
                return from(agentResult);
            }
            JsonNode steps = root.get("step_results");
            Tokens total = new Tokens(null, null, null, null);
            if (steps != null && steps.isArray()) {
                for (JsonNode step : steps.values()) {
                    JsonNode stepAgentResult = HarborJson.object(step, "agent_result");
                    if (stepAgentResult != null) {
                        total = total.plus(from(stepAgentResult));
                    }
                }
            }
            return total;
        }

        private static Tokens from(JsonNode agentResult) {
            return new Tokens(
                    HarborJson.wholeNumber(agentResult, "n_input_tokens"),
                    HarborJson.wholeNumber(agentResult, "n_cache_tokens"),
                    HarborJson.wholeNumber(agentResult, "n_output_tokens"),
                    HarborJson.number(agentResult, "cost_usd"));
        }

        private Tokens plus(Tokens other) {
            return new Tokens(sum(input, other.input), sum(cache, other.cache), sum(output, other.output),
                    costUsd == null ? other.costUsd : other.costUsd == null ? costUsd : costUsd + other.costUsd);
        }

        private static Long sum(Long a, Long b) {
            return a == null ? b : b == null ? a : a + b;
        }
    }
}
