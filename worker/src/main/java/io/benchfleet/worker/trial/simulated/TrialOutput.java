package io.benchfleet.worker.trial.simulated;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import io.benchfleet.jobdefs.harbor.PhaseTiming;

/**
 * The outcome of one trial to be written in Harbor's format by {@link HarborTrialWriter} (a simulated or stand-in
 * executor's "what happened"). Use {@link #builder(Path, String, String)}; only the first three components and
 * {@code agentName} are required.
 *
 * @param jobsDir          Harbor's {@code -o} jobs dir
 * @param jobName          Harbor's {@code --job-name} (benchfleet: the partition key)
 * @param taskName         the task, bare ({@code fix-git}) or with an org prefix ({@code terminal-bench/fix-git})
 * @param trialName        the trial directory name, or {@code null} to generate {@code <task ≤32 chars>__<7 chars>}
 * @param source           the dataset name ({@code terminal-bench}), or {@code null}
 * @param agentName        the agent ({@code claude-code}, {@code oracle}, {@code nop})
 * @param agentVersion     the agent's version, or {@code null} for Harbor's {@code "unknown"}
 * @param modelName        {@code provider/model} ({@code anthropic/claude-opus-4-1}), a bare model, or {@code null}
 * @param reward           the verifier's reward, {@code null} when the trial was not scored
 * @param exceptionType    Harbor exception class name ({@code AgentTimeoutError}), {@code null} for none
 * @param exceptionMessage the exception's message
 * @param nInputTokens     input tokens including cache
 * @param nCacheTokens     cache tokens
 * @param nOutputTokens    output tokens
 * @param costUsd          the agent's cost in USD
 * @param startedAt        trial start ({@code null}: now)
 * @param finishedAt       trial end ({@code null}: now)
 * @param environmentSetup environment setup phase, or {@code null} if it did not run
 * @param agentSetup       agent setup phase, or {@code null}
 * @param agentExecution   agent execution phase, or {@code null}
 * @param verifier         verifier phase, or {@code null}
 * @param jobTotalTrials   how many trials the whole job has (for the job's live progress), or {@code null} if unknown
 */
public record TrialOutput(
        Path jobsDir,
        String jobName,
        String taskName,
        String trialName,
        String source,
        String agentName,
        String agentVersion,
        String modelName,
        Double reward,
        String exceptionType,
        String exceptionMessage,
        Long nInputTokens,
        Long nCacheTokens,
        Long nOutputTokens,
        Double costUsd,
        Instant startedAt,
        Instant finishedAt,
        PhaseTiming environmentSetup,
        PhaseTiming agentSetup,
        PhaseTiming agentExecution,
        PhaseTiming verifier,
        Integer jobTotalTrials) {

    public TrialOutput {
        Objects.requireNonNull(jobsDir, "jobsDir");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(agentName, "agentName");
        if (jobName.isBlank() || jobName.contains("/") || taskName.isBlank()) {
            throw new IllegalArgumentException("jobName and taskName must be non-blank and jobName a single path"
                    + " element: jobName=" + jobName + ", taskName=" + taskName);
        }
        if (trialName != null && (trialName.isBlank() || trialName.contains("/"))) {
            throw new IllegalArgumentException("trialName must be a single path element: " + trialName);
        }
        if (exceptionType == null && exceptionMessage != null) {
            throw new IllegalArgumentException("exceptionMessage given without exceptionType: " + exceptionMessage);
        }
        if (reward != null && !Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite: " + reward);
        }
    }

    /** Whether the verifier produced a reward. */
    public boolean scored() {
        return reward != null;
    }

    /** Starts a trial output for {@code taskName} in {@code <jobsDir>/<jobName>}, agent {@code oracle}. */
    public static Builder builder(Path jobsDir, String jobName, String taskName) {
        return new Builder(jobsDir, jobName, taskName);
    }

    /** Fluent construction of a {@link TrialOutput}; every setter is optional. */
    public static final class Builder {
        private final Path jobsDir;
        private final String jobName;
        private final String taskName;
        private String trialName;
        private String source;
        private String agentName = "oracle";
        private String agentVersion;
        private String modelName;
        private Double reward;
        private String exceptionType;
        private String exceptionMessage;
        private Long nInputTokens;
        private Long nCacheTokens;
        private Long nOutputTokens;
        private Double costUsd;
        private Instant startedAt;
        private Instant finishedAt;
        private PhaseTiming environmentSetup;
        private PhaseTiming agentSetup;
        private PhaseTiming agentExecution;
        private PhaseTiming verifier;
        private Integer jobTotalTrials;

        private Builder(Path jobsDir, String jobName, String taskName) {
            this.jobsDir = jobsDir;
            this.jobName = jobName;
            this.taskName = taskName;
        }

        public Builder trialName(String value) {
            this.trialName = value;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        /** Agent name and version (version {@code null}: {@code "unknown"}). */
        public Builder agent(String name, String version) {
            this.agentName = name;
            this.agentVersion = version;
            return this;
        }

        /** {@code provider/model}, e.g. {@code anthropic/claude-opus-4-1}. */
        public Builder model(String value) {
            this.modelName = value;
            return this;
        }

        /** The verifier's reward; leave unset (or {@code null}) for an unscored trial. */
        public Builder reward(Double value) {
            this.reward = value;
            return this;
        }

        public Builder exception(String type, String message) {
            this.exceptionType = type;
            this.exceptionMessage = message;
            return this;
        }

        public Builder tokens(Long input, Long cache, Long output) {
            this.nInputTokens = input;
            this.nCacheTokens = cache;
            this.nOutputTokens = output;
            return this;
        }

        public Builder costUsd(Double value) {
            this.costUsd = value;
            return this;
        }

        public Builder period(Instant started, Instant finished) {
            this.startedAt = started;
            this.finishedAt = finished;
            return this;
        }

        /** The four phase timings, each {@code null} if the phase did not run. */
        public Builder phases(PhaseTiming environment, PhaseTiming agentSetupPhase, PhaseTiming agentRun,
                PhaseTiming verifierPhase) {
            this.environmentSetup = environment;
            this.agentSetup = agentSetupPhase;
            this.agentExecution = agentRun;
            this.verifier = verifierPhase;
            return this;
        }

        public Builder jobTotalTrials(Integer value) {
            this.jobTotalTrials = value;
            return this;
        }

        public TrialOutput build() {
            return new TrialOutput(jobsDir, jobName, taskName, trialName, source, agentName, agentVersion, modelName,
                    reward, exceptionType, exceptionMessage, nInputTokens, nCacheTokens, nOutputTokens, costUsd,
                    startedAt, finishedAt, environmentSetup, agentSetup, agentExecution, verifier, jobTotalTrials);
        }
    }
}
