package io.benchfleet.jobdefs.spec;

import java.util.List;
import java.util.Map;

/**
 * One benchmark: which tasks of which dataset, how many attempts each, with which agent and model.
 * Read from YAML by {@link BenchmarkSpecReader}; always valid once constructed through it.
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
public record BenchmarkSpec(
        String name,
        String description,
        String dataset,
        List<String> tasks,
        int attempts,
        String agent,
        String model,
        Map<String, String> agentKwargs,
        String harborImage,
        Timeouts timeouts,
        int estimatedTrialSec,
        Integer partitionTarget,
        Fleet fleet,
        List<String> secrets) {

    public static final String DEFAULT_HARBOR_IMAGE = "benchfleet/harbor:0.22.0";

    public BenchmarkSpec {
        tasks = List.copyOf(tasks);
        agentKwargs = Map.copyOf(agentKwargs);
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
