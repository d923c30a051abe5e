package io.benchfleet.manager.report;

import java.time.Instant;

/**
 * One trial's stored result, as the report reads it from {@code trial_result}.
 *
 * @param configuration the matrix configuration of the trial, null for a spec of one agent and model
 * @param environmentSetupMs Harbor's environment setup phase (null when unknown), likewise the other phases
 */
public record TrialRow(
        String partitionKey,
        String task,
        int attempt,
        Double reward,
        boolean passed,
        String failureClass,
        String exceptionType,
        String exceptionMessage,
        Long inputTokens,
        Long cacheTokens,
        Long outputTokens,
        Double costUsd,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String host,
        String artifactUri,
        String configuration,
        String agent,
        String model,
        Long environmentSetupMs,
        Long agentSetupMs,
        Long agentExecutionMs,
        Long verifierMs) {

    /** A trial of a spec of one agent and model, without agent, model or phase timings. */
    public TrialRow(String partitionKey, String task, int attempt, Double reward, boolean passed, String failureClass,
            String exceptionType, String exceptionMessage, Long inputTokens, Long cacheTokens, Long outputTokens,
            Double costUsd, Instant startedAt, Instant finishedAt, Long durationMs, String host, String artifactUri) {
        this(partitionKey, task, attempt, reward, passed, failureClass, exceptionType, exceptionMessage, inputTokens,
                cacheTokens, outputTokens, costUsd, startedAt, finishedAt, durationMs, host, artifactUri, null, null,
                null, null, null, null, null);
    }

    /**
     * What the report compares across runs and configurations: the task, or {@code <configuration>/<task>} in a
     * matrix run (neither name can hold a '/').
     */
    public String subject() {
        return subject(configuration, task);
    }

    static String subject(String configuration, String task) {
        return configuration == null ? task : configuration + "/" + task;
    }

    /** Whether the trial has a result that counts: a reward, and no INFRA or CONFIG failure. */
    public boolean scored() {
        return reward != null && !"INFRA".equals(failureClass) && !"CONFIG".equals(failureClass);
    }
}
