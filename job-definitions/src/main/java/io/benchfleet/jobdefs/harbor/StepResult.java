package io.benchfleet.jobdefs.harbor;

/**
 * One step of a multi-step trial: Harbor's {@code StepResult} ({@code harbor/models/trial/result.py}).
 *
 * @param stepName       the step's name
 * @param agentResult    tokens and cost of the step
 * @param verifierResult the step's rewards
 * @param exceptionInfo  the step's exception
 * @param agentExecution agent execution phase of the step
 * @param verifier       verifier phase of the step
 */
public record StepResult(String stepName, AgentContext agentResult, VerifierResult verifierResult,
        ExceptionInfo exceptionInfo, PhaseTiming agentExecution, PhaseTiming verifier) {
}
