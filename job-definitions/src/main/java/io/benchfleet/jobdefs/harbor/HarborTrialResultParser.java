package io.benchfleet.jobdefs.harbor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.harbor.json.HarborJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/**
 * Reads a Harbor trial {@code result.json} (Harbor's {@code TrialResult}, release 0.22 and older) into a
 * {@link TrialResult}: one binding into {@link HarborTrialResult} with {@link HarborJson#MAPPER}, which is lenient
 * (unknown fields ignored, fields of an unexpected shape read as absent, timestamps may lack an offset). Only a
 * missing file, unreadable JSON, a non-object or a missing {@code task_name} is an error
 * ({@link TrialResultUnreadableException}, one line naming the file and what to do).
 */
public class HarborTrialResultParser {

    /** Reads the {@code result.json} of the trial directory {@code trialDir}. */
    public TrialResult parseTrialDirectory(Path trialDir) {
        if (!Files.isDirectory(trialDir)) {
            throw new TrialResultUnreadableException(
                    "trial directory " + trialDir + " does not exist: the trial never started or its directory was"
                            + " removed; check the jobs dir and job name");
        }
        return parse(new HarborTrialPaths(trialDir).result());
    }

    /** Reads one trial {@code result.json}; a directory is read as a trial directory. */
    public TrialResult parse(Path resultJson) {
        if (Files.isDirectory(resultJson)) {
            return parseTrialDirectory(resultJson);
        }
        HarborTrialResult harbor = read(resultJson);
        if (harbor.bareTaskName() == null) {
            throw new TrialResultUnreadableException(
                    resultJson + " has no task_name: it is not a Harbor trial result (or is from an incompatible"
                            + " Harbor release); check which file was passed");
        }
        Path trialDir = resultJson.toAbsolutePath().getParent();
        return TrialResult.of(harbor, trialDir == null ? "" : new HarborTrialPaths(trialDir).name());
    }

    private static HarborTrialResult read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            HarborTrialPaths trial = new HarborTrialPaths(file.toAbsolutePath().getParent());
            throw new TrialResultUnreadableException(
                    "no " + file.getFileName() + " in " + trial.dir() + ": the trial was interrupted or Harbor"
                            + " crashed before writing it; see " + trial.log(), e);
        } catch (IOException | RuntimeException e) {
            throw new TrialResultUnreadableException(
                    "cannot read " + file + " (" + abbreviated(String.valueOf(e.getMessage())) + "): check that the file"
                            + " is readable by this process", e);
        }
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            throw new TrialResultUnreadableException(
                    file + " is empty: Harbor was probably killed while writing it; treat the trial as not run and"
                            + " run it again");
        }
        HarborTrialResult result;
        try {
            result = HarborJson.MAPPER.readValue(content, HarborTrialResult.class);
        } catch (JacksonException e) {
            throw new TrialResultUnreadableException(
                    file + " is not valid JSON" + location(e) + ": " + abbreviated(e.getOriginalMessage())
                            + "; the file is truncated or corrupt, run the trial again", e);
        }
        if (result == null) {
            throw new TrialResultUnreadableException(
                    file + " is not a Harbor trial result: expected a JSON object but found " + describeRoot(content)
                            + "; check which file was passed");
        }
        return result;
    }

    private static String location(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** What the (valid, non-object) JSON document is, from its first token. */
    private static String describeRoot(byte[] content) {
        try (JsonParser parser = HarborJson.MAPPER.createParser(content)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return "nothing";
            }
            return switch (token) {
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> token.name().toLowerCase();
            };
        }
    }

    /** A foreign error text quoted in a message: on one line, at most {@link Messages#MAX_DETAIL} characters. */
    private static String abbreviated(String detail) {
        return Messages.abbreviate(detail, Messages.MAX_DETAIL);
    }
}
