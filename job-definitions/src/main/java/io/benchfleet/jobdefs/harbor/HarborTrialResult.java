package io.benchfleet.jobdefs.harbor;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A trial's {@code result.json}: Harbor's {@code TrialResult} ({@code harbor/models/trial/result.py}, release 0.22),
 * field for field, bound with {@link io.benchfleet.jobdefs.harbor.json.HarborJson#MAPPER}. The parser reads it and the
 * simulated executor writes it, so both share one definition of the file. Every field may be absent.
 * {@code task_id} and {@code config} are written but never read: benchfleet has no use for them and their shapes
 * change between releases.
 *
 * @param id                      Harbor's trial id (a UUID)
 * @param taskName                the task name, possibly with an {@code org/} prefix
 * @param trialName               {@code <task>__<7 chars>}, also the trial directory's name
 * @param trialUri                file URI of the trial directory
 * @param taskId                  where the task came from (written only)
 * @param source                  the dataset name
 * @param taskChecksum            digest of the task
 * @param config                  Harbor's {@code TrialConfig}, large and release-specific (written only)
 * @param agentInfo               the agent and its model
 * @param agentResult             tokens and cost of a single-step trial
 * @param verifierResult          the rewards; absent when the verifier did not run
 * @param verifierEnvironmentMode {@code shared} or {@code separate}
 * @param exceptionInfo           the exception Harbor recorded, if any
 * @param startedAt               trial start
 * @param finishedAt              trial end
 * @param environmentSetup        environment setup phase
 * @param agentSetup              agent setup phase
 * @param agentExecution          agent execution phase
 * @param verifier                verifier phase
 * @param stepResults             per-step results of a multi-step trial
 */
@JsonIgnoreProperties(value = {"task_id", "config"}, allowGetters = true)
public record HarborTrialResult(
        String id,
        String taskName,
        String trialName,
        String trialUri,
        TaskId taskId,
        String source,
        String taskChecksum,
        Object config,
        AgentInfo agentInfo,
        AgentContext agentResult,
        VerifierResult verifierResult,
        String verifierEnvironmentMode,
        ExceptionInfo exceptionInfo,
        Instant startedAt,
        Instant finishedAt,
        PhaseTiming environmentSetup,
        PhaseTiming agentSetup,
        PhaseTiming agentExecution,
        PhaseTiming verifier,
        List<StepResult> stepResults) {

    /** The task name without an {@code org/} prefix ({@code terminal-bench/fix-git} → {@code fix-git}), null if blank. */
    public String bareTaskName() {
        if (taskName == null) {
            return null;
        }
        String bare = taskName.substring(taskName.lastIndexOf('/') + 1).trim();
        return bare.isEmpty() ? null : bare;
    }

    /**
     * Token and cost totals, like Harbor's {@code compute_token_cost_totals}: single-step trials record them on
     * {@code agent_result}, multi-step trials on each {@code step_results[i].agent_result}, which are summed. A total
     * is absent when no context has it.
     */
    public AgentContext tokenCostTotals() {
        if (agentResult != null) {
            return agentResult;
        }
        AgentContext total = AgentContext.NONE;
        for (StepResult step : stepResults == null ? List.<StepResult>of() : stepResults) {
            if (step != null && step.agentResult() != null) {
                total = total.plus(step.agentResult());
            }
        }
        return total;
    }
}
