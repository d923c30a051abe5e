package io.benchfleet.worker.trial.simulated;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.benchfleet.jobdefs.harbor.AgentContext;
import io.benchfleet.jobdefs.harbor.AgentInfo;
import io.benchfleet.jobdefs.harbor.ExceptionInfo;
import io.benchfleet.jobdefs.harbor.HarborTrialPaths;
import io.benchfleet.jobdefs.harbor.HarborTrialResult;
import io.benchfleet.jobdefs.harbor.ModelInfo;
import io.benchfleet.jobdefs.harbor.PhaseTiming;
import io.benchfleet.jobdefs.harbor.TaskId;
import io.benchfleet.jobdefs.harbor.TrialResult;
import io.benchfleet.jobdefs.harbor.VerifierResult;

/**
 * One trial to write: the {@link TrialOutput} with Harbor's defaults filled in (times, agent version, provider split
 * off the model), and what Harbor would make of it: the trial result, log, traceback, verifier output, trajectory.
 *
 * @param output        what happened
 * @param paths         the trial directory
 * @param startedAt     trial start
 * @param finishedAt    trial end
 * @param modelProvider {@code anthropic} of {@code anthropic/claude-opus-4-1}, or {@code null}
 * @param bareModelName {@code claude-opus-4-1} of {@code anthropic/claude-opus-4-1}, or {@code null}
 */
record SimulatedTrial(TrialOutput output, HarborTrialPaths paths, Instant startedAt, Instant finishedAt,
        String modelProvider, String bareModelName) {

    /** The trial of {@code output} in {@code paths}; missing times are {@code now}. */
    static SimulatedTrial of(TrialOutput output, HarborTrialPaths paths, Instant now) {
        Instant started = output.startedAt() != null ? output.startedAt() : now;
        Instant finished = output.finishedAt() != null ? output.finishedAt()
                : output.startedAt() != null && output.startedAt().isAfter(now) ? output.startedAt() : now;
        String model = output.modelName();
        return new SimulatedTrial(output, paths, started, finished,
                model != null && model.contains("/") ? model.substring(0, model.indexOf('/')) : null,
                model == null || model.isBlank() ? null : model.substring(model.indexOf('/') + 1));
    }

    String name() {
        return paths.name();
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

    /** The trial's {@code result.json}, embedding the full {@code config}. */
    HarborTrialResult result(TrialConfig config) {
        AgentContext tokens = AgentContext.of(output.nInputTokens(), output.nCacheTokens(), output.nOutputTokens(),
                output.costUsd());
        return new HarborTrialResult(UUID.randomUUID().toString(), output.taskName(), name(), fileUri(paths.dir()),
                taskId(), output.source(), sha256(output.taskName()), config,
                new AgentInfo(output.agentName(), agentVersion(),
                        bareModelName == null ? null : new ModelInfo(bareModelName, modelProvider)),
                tokens.isEmpty() ? null : tokens,
                output.scored() ? new VerifierResult(Map.of(TrialResult.REWARD_KEY, output.reward())) : null,
                "shared", exceptionInfo(), startedAt, finishedAt, output.environmentSetup(), output.agentSetup(),
                output.agentExecution(), output.verifier(), null);
    }

    private ExceptionInfo exceptionInfo() {
        if (output.exceptionType() == null) {
            return null;
        }
        return new ExceptionInfo(output.exceptionType(),
                output.exceptionMessage() == null ? "" : output.exceptionMessage(), traceback(),
                exceptionOccurredAt());
    }

    private TaskId taskId() {
        String taskName = output.taskName();
        int slash = taskName.indexOf('/');
        return slash > 0 ? new TaskId.Package(taskName.substring(0, slash), taskName.substring(slash + 1), null)
                : new TaskId.Local(taskName);
    }

    /** {@code exception.txt}, also the result's {@code exception_traceback}. */
    String traceback() {
        return "Traceback (most recent call last):\n"
                + "  File \"/usr/local/lib/python3.12/site-packages/harbor/trial/trial.py\", line 512, in run\n"
                + "    await self._execute()\n"
                + output.exceptionType() + (output.exceptionMessage() == null ? "" : ": " + output.exceptionMessage())
                + "\n";
    }

    /** {@code trial.log}. */
    String log() {
        StringBuilder log = new StringBuilder();
        log.append(utc(startedAt)).append(" INFO Starting trial ").append(name())
                .append(" (task ").append(output.taskName()).append(", agent ").append(output.agentName())
                .append(output.modelName() == null ? "" : ", model " + output.modelName()).append(")\n");
        if (output.exceptionType() != null) {
            log.append(utc(exceptionOccurredAt())).append(" ERROR ").append(output.exceptionType())
                    .append(output.exceptionMessage() == null ? "" : ": " + output.exceptionMessage()).append('\n');
        }
        log.append(utc(finishedAt)).append(" INFO Trial finished")
                .append(output.scored() ? " with reward " + rewardText() : " without reward").append('\n');
        return log.toString();
    }

    /** {@code verifier/reward.txt} of a scored trial: {@code 1}, {@code 0}, {@code 0.5}. */
    String rewardText() {
        return BigDecimal.valueOf(output.reward()).stripTrailingZeros().toPlainString();
    }

    /** {@code verifier/test-stdout.txt}. */
    String testStdout() {
        if (!output.scored()) {
            return "verifier produced no reward\n";
        }
        return output.reward() >= 1.0 ? "1 passed\n" : "1 failed\n";
    }

    /** {@code agent/trajectory.json}. */
    Trajectory trajectory() {
        return new Trajectory(Trajectory.SCHEMA_VERSION, UUID.randomUUID().toString(),
                new Trajectory.Agent(output.agentName(), agentVersion(), bareModelName),
                List.of(new Trajectory.UserStep(1, startedAt, "user",
                                "Solve the task " + output.taskName() + " (simulated by benchfleet)."),
                        new Trajectory.AgentStep(2, finishedAt, "agent", bareModelName,
                                output.exceptionType() == null ? "Done." : "Stopped: " + output.exceptionType())),
                new Trajectory.FinalMetrics(output.nInputTokens(), output.nOutputTokens(), output.nCacheTokens(),
                        output.costUsd(), 2));
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

    /** Log timestamps as in the result: UTC with {@code Z}, to the microsecond. */
    private static String utc(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
