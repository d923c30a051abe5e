package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecRules.AGENT_INVALID;
import static io.benchfleet.jobdefs.spec.SpecRules.AGENT_REQUIRED;
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

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

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
        @NotNull(message = AGENT_REQUIRED) @Pattern(regexp = TASK, message = AGENT_INVALID)
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
        List<@Pattern(regexp = ENV_NAME, message = SECRET_NAME) String> secrets) {

    public static final String DEFAULT_HARBOR_IMAGE = "benchfleet/harbor:0.22.0";

    public BenchmarkSpec {
        tasks = List.copyOf(tasks);
        // sorted, so the spec's text (and the digest a restart checks) is the same in every JVM; Map.copyOf's
        // iteration order is not
        agentKwargs = Collections.unmodifiableMap(new TreeMap<>(agentKwargs));
        secrets = List.copyOf(secrets);
    }

    public int trialCount() {
        return tasks.size() * attempts;
    }

    /** Dataset name without its version: {@code terminal-bench@2.0} → {@code terminal-bench}. */
    public String datasetName() {
        int at = dataset.indexOf('@');
        return at < 0 ? dataset : dataset.substring(0, at);
    }

    public BenchmarkSpec withTasks(List<String> newTasks) {
        return new BenchmarkSpec(name, description, dataset, newTasks, attempts, agent, model, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, null, fleet, secrets);
    }

    public BenchmarkSpec withAttempts(int newAttempts) {
        return new BenchmarkSpec(name, description, dataset, tasks, newAttempts, agent, model, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, null, fleet, secrets);
    }

    public BenchmarkSpec withAgentAndModel(String newAgent, String newModel) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, newAgent, newModel, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, partitionTarget, fleet, secrets);
    }

    public BenchmarkSpec withHarborImage(String newImage) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs,
                newImage, timeouts, estimatedTrialSec, partitionTarget, fleet, secrets);
    }

    public BenchmarkSpec withTimeouts(Timeouts newTimeouts) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs,
                harborImage, newTimeouts, estimatedTrialSec, partitionTarget, fleet, secrets);
    }

    public BenchmarkSpec withFleet(Fleet newFleet) {
        return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs,
                harborImage, timeouts, estimatedTrialSec, partitionTarget, newFleet, secrets);
    }
}
