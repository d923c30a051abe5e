package io.benchfleet.worker.trial.simulated;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.benchfleet.jobdefs.harbor.HarborTrialPaths;

/**
 * Harbor's {@code TrialConfig} ({@code harbor/models/trial/config.py}, release 0.22) as a simulated trial fills it:
 * Harbor's defaults everywhere but the task, the agent and where the trial lives. Harbor embeds it whole in the
 * trial's {@code result.json} and writes its {@link #summary()} to {@code config.json}. Field order is Harbor's.
 */
record TrialConfig(
        TaskConfig task,
        String trialName,
        String trialsDir,
        boolean installOnly,
        double timeoutMultiplier,
        Double agentTimeoutMultiplier,
        Double verifierTimeoutMultiplier,
        Double agentSetupTimeoutMultiplier,
        Double environmentBuildTimeoutMultiplier,
        AgentConfig agent,
        Object userAgent,
        EnvironmentConfig environment,
        VerifierConfig verifier,
        List<String> artifacts,
        List<String> extraInstructionPaths,
        List<String> extraInstructions,
        String jobId,
        Object sourceTrial) {

    /** The config of a trial of {@code output} in {@code trial}, part of the job {@code jobId} in {@code jobDir}. */
    static TrialConfig of(TrialOutput output, HarborTrialPaths trial, Path jobDir, String jobId) {
        return new TrialConfig(TaskConfig.of(output.taskName(), output.source()), trial.name(), jobDir.toString(),
                false, 1.0, null, null, null, null, AgentConfig.of(output.agentName(), output.modelName()), null,
                EnvironmentConfig.DOCKER, VerifierConfig.DEFAULT, List.of(), List.of(), List.of(), jobId, null);
    }

    /** The trial's {@code config.json}: Harbor dumps the config with {@code exclude_defaults=True}. */
    Summary summary() {
        return new Summary(new Summary.Task(task.path(), task.name(), task.source()), trialName, trialsDir,
                new JobConfig.Agent(agent.name(), agent.modelName()), jobId);
    }

    /** Harbor's {@code TaskConfig}: a package task ({@code org/name}) is named, a local task has a path. */
    record TaskConfig(String path, String gitUrl, String gitCommitId, String name, String ref, boolean overwrite,
            String downloadDir, String source) {

        static TaskConfig of(String taskName, String source) {
            boolean packageTask = taskName.indexOf('/') > 0;
            return new TaskConfig(packageTask ? null : taskName, null, null, packageTask ? taskName : null, null,
                    false, null, source);
        }
    }

    /** Harbor's {@code AgentConfig}. */
    record AgentConfig(String name, String importPath, String modelName, Integer nConcurrent,
            String concurrencyGroup, List<String> skills, Double overrideTimeoutSec, Double overrideSetupTimeoutSec,
            Double maxTimeoutSec, boolean resumeTrajectory, String loadTrajectory, List<String> extraAllowedHosts,
            Map<String, Object> kwargs, List<Object> mcpServers) {

        static AgentConfig of(String name, String modelName) {
            return new AgentConfig(name, null, modelName, null, null, List.of(), null, null, null, false, null,
                    List.of(), Map.of(), List.of());
        }
    }

    /** Harbor's {@code EnvironmentConfig}. */
    record EnvironmentConfig(String type, String importPath, boolean forceBuild, boolean delete,
            String cpuEnforcementPolicy, String memoryEnforcementPolicy, Integer overrideCpus, Integer overrideMemoryMb,
            Integer overrideStorageMb, Integer overrideGpus, Object overrideTpu, List<Object> mounts,
            List<String> extraDockerCompose, Map<String, Object> kwargs, List<String> extraAllowedHosts) {

        static final EnvironmentConfig DOCKER = new EnvironmentConfig("docker", null, false, true, "auto", "auto",
                null, null, null, null, null, null, List.of(), Map.of(), List.of());
    }

    /** Harbor's {@code VerifierConfig}. */
    record VerifierConfig(Double overrideTimeoutSec, Double maxTimeoutSec, boolean disable) {

        static final VerifierConfig DEFAULT = new VerifierConfig(null, null, false);
    }

    /** The trial config without its defaults, as in {@code config.json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(Task task, String trialName, String trialsDir, JobConfig.Agent agent, String jobId) {

        /** What Harbor left of the config of a trial that died early: the task and the trial name. */
        static Summary interrupted(String taskName, String trialName) {
            return new Summary(new Task(taskName, null, null), trialName, null, null, null);
        }

        @JsonInclude(JsonInclude.Include.NON_NULL)
        record Task(String path, String name, String source) {
        }
    }
}
