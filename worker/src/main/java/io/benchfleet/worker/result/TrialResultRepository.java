package io.benchfleet.worker.result;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.trial.TrialRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes {@code trial_result} rows (one per step execution of a trial partition). */
public class TrialResultRepository {

    private static final String INSERT = """
            INSERT INTO trial_result (job_instance_id, job_execution_id, step_execution_id, spec_name, partition_key,
                task, attempt, trial_name, agent, model, reward, passed, failure_class, exception_type,
                exception_message, n_input_tokens, n_cache_tokens, n_output_tokens, cost_usd, started_at,
                finished_at, duration_ms, environment_setup_ms, agent_setup_ms, agent_execution_ms, verifier_ms,
                host, artifact_uri, configuration)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (step_execution_id) DO NOTHING""";

    private final JdbcTemplate jdbc;

    public TrialResultRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the row; a second insert for the same step execution is ignored (redelivered message). */
    public void insert(long jobInstanceId, long jobExecutionId, long stepExecutionId, Partition partition,
            TrialRecord r, String host, URI artifactUri) {
        jdbc.update(INSERT, jobInstanceId, jobExecutionId, stepExecutionId, partition.specName(), partition.key(),
                partition.task(), partition.attempt(), r.trialName(), partition.agent(), partition.model(),
                r.reward(), r.passed(), r.failureClass().name(), r.exceptionType(), truncate(r.exceptionMessage()),
                r.inputTokens(), r.cacheTokens(), r.outputTokens(), r.costUsd(), ts(r.startedAt()),
                ts(r.finishedAt()), r.durationMs(), r.environmentSetupMs(), r.agentSetupMs(), r.agentExecutionMs(),
                r.verifierMs(), host, artifactUri == null ? null : artifactUri.toString(), partition.configuration());
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }
}
