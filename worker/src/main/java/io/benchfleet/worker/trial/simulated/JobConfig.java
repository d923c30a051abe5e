package io.benchfleet.worker.trial.simulated;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's {@code config.json}: Harbor's {@code JobConfig} ({@code harbor/models/job/config.py}) without its defaults,
 * as Harbor writes it, for the one agent and dataset of a simulated job.
 *
 * @param jobName  Harbor's {@code --job-name}
 * @param jobsDir  Harbor's {@code -o}
 * @param agents   the agent
 * @param datasets the dataset, absent for tasks without one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobConfig(String jobName, String jobsDir, List<Agent> agents, List<Dataset> datasets) {

    static JobConfig of(TrialOutput output, Path jobDir) {
        return new JobConfig(output.jobName(), jobDir.getParent().toString(),
                List.of(new Agent(output.agentName(), output.modelName())),
                output.source() == null ? null : List.of(new Dataset(output.source())));
    }

    /** An agent and its {@code provider/model}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Agent(String name, String modelName) {
    }

    /** A dataset by name. */
    record Dataset(String name) {
    }
}
