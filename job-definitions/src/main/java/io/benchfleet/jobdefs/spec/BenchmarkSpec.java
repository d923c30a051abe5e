package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecRules.AGENT_INVALID;
import static io.benchfleet.jobdefs.spec.SpecRules.CONFIGURATIONS_MAX;
import static io.benchfleet.jobdefs.spec.SpecRules.BLANK_OR_IMAGE;
import static io.benchfleet.jobdefs.spec.SpecRules.BLANK_OR_PROVIDER_MODEL;
import static io.benchfleet.jobdefs.spec.SpecRules.DATASET;
import static io.benchfleet.jobdefs.spec.SpecRules.DATASET_INVALID;
import static io.benchfleet.jobdefs.spec.SpecRules.DATASET_REQUIRED;
import static io.benchfleet.jobdefs.spec.SpecRules.ENV_NAME;
import static io.benchfleet.jobdefs.spec.SpecRules.IMAGE_FORMAT;
import static io.benchfleet.jobdefs.spec.SpecRules.MODEL_FORMAT;
import static io.benchfleet.jobdefs.spec.SpecRules.NAME;
import static io.benchfleet.jobdefs.spec.SpecRules.NAME_INVALID;
import static io.benchfleet.jobdefs.spec.SpecRules.NAME_REQUIRED;
import static io.benchfleet.jobdefs.spec.SpecRules.NON_BLANK;
import static io.benchfleet.jobdefs.spec.SpecRules.NON_EMPTY_TEXT;
import static io.benchfleet.jobdefs.spec.SpecRules.NO_TASKS;
import static io.benchfleet.jobdefs.spec.SpecRules.SECRET_NAME;
import static io.benchfleet.jobdefs.spec.SpecRules.TASK;
import static io.benchfleet.jobdefs.spec.SpecRules.TASK_NAME;
import static io.benchfleet.jobdefs.spec.SpecRules.WHOLE_NUMBER;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.Range;

/**
 * One benchmark: which tasks of which dataset, how many attempts each, with which agent and model.
 * Read from YAML by {@link BenchmarkSpecReader}, changed by {@link SpecOverrides}; both check the result against the
 * rules annotated here (Bean Validation, through {@code SpecValidator}), so a spec they return is always valid and a
 * value refused in YAML is refused as a run parameter by the same rule.
 *
 * @param name              stable identifier of the benchmark; runs of the same name are compared with each other
 * @param description       free text for reports
 * @param dataset           Harbor dataset {@code name@version}, e.g. {@code terminal-bench@2.0}
 * @param tasks             task names (bare, no {@code org/} prefix), in spec order, unique
 * @param attempts          trials per task (Harbor's {@code -k}); leaderboard convention is 5
 * @param agent             Harbor agent name ({@code claude-code}, {@code oracle}, {@code nop}, ...)
 * @param model             {@code provider/model}, or null for agents that need none (oracle, nop)
 * @param agentKwargs       extra agent arguments, passed as Harbor {@code --ak key=value}
 * @param harborImage       Docker image holding the pinned Harbor release
 * @param timeouts          per-trial time limits
 * @param estimatedTrialSec expected trial duration used for ordering and plans until history exists
 * @param partitionTarget   the number of partitions this spec is meant to produce (tasks x attempts), or null;
 *                          a plan that differs is refused (catches a truncated task file)
 * @param fleet             host and slot limits for the run
 * @param secrets           names of environment variables the worker passes to Harbor (values never stored)
 * @param configurations    a matrix spec's configurations (agents x models, each with its own arguments), every one
 *                          run on every task; empty for a spec of one agent and model (see {@link #matrix()})
 * @param report            how the spec's reports judge a run (validity gate, trend window)
 */
@AgentHasModel
@NoSecretValues
@PartitionTargetMatches(groups = SpecValidator.Consistency.class)
public record BenchmarkSpec(
        @NotNull(message = NAME_REQUIRED) @Pattern(regexp = NAME, message = NAME_INVALID)
        String name,
        @Pattern(regexp = NON_BLANK, message = NON_EMPTY_TEXT)
        String description,
        @NotNull(message = DATASET_REQUIRED) @Pattern(regexp = DATASET, message = DATASET_INVALID)
        String dataset,
        @NotEmpty(message = NO_TASKS) @DistinctTasks
        List<@Pattern(regexp = TASK, message = TASK_NAME) String> tasks,
        @Range(min = 1, max = 1000, message = WHOLE_NUMBER)
        int attempts,
        @Pattern(regexp = TASK, message = AGENT_INVALID)
        String agent,
        @Pattern(regexp = NON_BLANK, message = NON_EMPTY_TEXT)
        @Pattern(regexp = BLANK_OR_PROVIDER_MODEL, message = MODEL_FORMAT)
        String model,
        Map<String, String> agentKwargs,
        @Pattern(regexp = NON_BLANK, message = NON_EMPTY_TEXT) @Pattern(regexp = BLANK_OR_IMAGE, message = IMAGE_FORMAT)
        String harborImage,
        @Valid
        Timeouts timeouts,
        @Range(min = 1, max = 86_400, message = WHOLE_NUMBER)
        int estimatedTrialSec,
        @Range(min = 1, max = 1_000_000, message = WHOLE_NUMBER)
        Integer partitionTarget,
        @Valid
        Fleet fleet,
        List<@Pattern(regexp = ENV_NAME, message = SECRET_NAME) String> secrets,
        @DistinctConfigurations @Size(max = 16, message = CONFIGURATIONS_MAX)
        List<@Valid Configuration> configurations,
        @Valid
        ReportOptions report) {

    public static final String DEFAULT_HARBOR_IMAGE = "benchfleet/harbor:0.22.0";

    public BenchmarkSpec {
        tasks = List.copyOf(tasks);
        // sorted, so the spec's text (and the digest a restart checks) is the same in every JVM; Map.copyOf's
        // iteration order is not
        agentKwargs = Collections.unmodifiableMap(new TreeMap<>(agentKwargs));
        secrets = List.copyOf(secrets);
        configurations = configurations == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(
                configurations));
        report = report == null ? ReportOptions.DEFAULTS : report;
    }

    /** A spec of one agent and model, with the default report options. */
    public BenchmarkSpec(String name, String description, String dataset, List<String> tasks, int attempts,
            String agent, String model, Map<String, String> agentKwargs, String harborImage, Timeouts timeouts,
            int estimatedTrialSec, Integer partitionTarget, Fleet fleet, List<String> secrets) {
        this(name, description, dataset, tasks, attempts, agent, model, agentKwargs, harborImage, timeouts,
                estimatedTrialSec, partitionTarget, fleet, secrets, List.of(), ReportOptions.DEFAULTS);
    }

    /** Trials of a run: configurations x tasks x attempts. */
    public int trialCount() {
        return matrix().size() * tasks.size() * attempts;
    }

    /** Whether the spec lists configurations (a matrix run), rather than one agent and model. */
    public boolean isMatrix() {
        return !configurations.isEmpty();
    }

    /**
     * The configurations a run runs, each with the spec's agent, model and arguments filled in where it leaves them
     * out: a matrix spec's, or the one unnamed configuration (name null) of a spec of one agent and model.
     */
    public List<Configuration> matrix() {
        if (configurations.isEmpty()) {
            return List.of(new Configuration(null, agent, model, agentKwargs));
        }
        return configurations.stream().map(c -> c == null ? null : c.resolvedAgainst(agent, model, agentKwargs))
                .toList();
    }

    /**
     * The spec as text for its digest: the record's own text for a spec of one agent and model with default report
     * options, exactly as before matrix specs existed (a restart of an earlier run checks its recorded digest), and
     * the configurations and report options after it otherwise.
     */
    public String canonicalText() {
        String text = "BenchmarkSpec[name=" + name + ", description=" + description + ", dataset=" + dataset
                + ", tasks=" + tasks + ", attempts=" + attempts + ", agent=" + agent + ", model=" + model
                + ", agentKwargs=" + agentKwargs + ", harborImage=" + harborImage + ", timeouts=" + timeouts
                + ", estimatedTrialSec=" + estimatedTrialSec + ", partitionTarget=" + partitionTarget + ", fleet="
                + fleet + ", secrets=" + secrets;
        if (!configurations.isEmpty()) {
            text += ", configurations=" + configurations;
        }
        if (!report.equals(ReportOptions.DEFAULTS)) {
            text += ", report=" + report;
        }
        return text + "]";
    }

    /** Dataset name without its version: {@code terminal-bench@2.0} → {@code terminal-bench}. */
    public String datasetName() {
        int at = dataset.indexOf('@');
        return at < 0 ? dataset : dataset.substring(0, at);
    }

    public BenchmarkSpec withTasks(List<String> newTasks) {
        return new BenchmarkSpec(name, description, dataset, newTasks, attempts, agent, model, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, null, fleet, secrets, configurations, report);
    }

    public BenchmarkSpec withAttempts(int newAttempts) {
        return new BenchmarkSpec(name, description, dataset, tasks, newAttempts, agent, model, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, null, fleet, secrets, configurations, report);
    }

    public BenchmarkSpec withAgentAndModel(String newAgent, String newModel) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, newAgent, newModel, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, partitionTarget, fleet, secrets, configurations, report);
    }

    public BenchmarkSpec withHarborImage(String newImage) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs,
                newImage, timeouts, estimatedTrialSec, partitionTarget, fleet, secrets, configurations, report);
    }

    public BenchmarkSpec withTimeouts(Timeouts newTimeouts) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs,
                harborImage, newTimeouts, estimatedTrialSec, partitionTarget, fleet, secrets, configurations, report);
    }

    /** Only these configurations of a matrix spec, in spec order. */
    public BenchmarkSpec withConfigurations(List<Configuration> chosen) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, null, fleet, secrets, chosen, report);
    }

    public BenchmarkSpec withFleet(Fleet newFleet) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, partitionTarget, newFleet, secrets, configurations, report);
    }
}
