package io.benchfleet.worker.result;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.trial.TrialRecord;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes {@code trial_result} rows (one per step execution of a trial partition). A row is committed before its trial
 * directory is archived ({@code archive_state} PENDING); the archive then fills {@code artifact_uri}
 * ({@link #markArchived}), in the step's next transaction or later, from the worker's sweeper.
 */
public class TrialResultRepository {

    /** {@code archive_state}: the trial left no directory. */
    public static final String NONE = "NONE";
    /** {@code archive_state}: the directory is on the worker's disk, not in the store yet. */
    public static final String PENDING = "PENDING";
    /** {@code archive_state}: {@code artifact_uri} names the stored directory. */
    public static final String ARCHIVED = "ARCHIVED";
    /** {@code archive_state}: the local directory vanished before it could be archived. */
    public static final String LOST = "LOST";

    private static final String INSERT = """
            INSERT INTO trial_result (job_instance_id, job_execution_id, step_execution_id, spec_name, partition_key,
                task, attempt, trial_name, agent, model, reward, passed, failure_class, exception_type,
                exception_message, n_input_tokens, n_cache_tokens, n_output_tokens, cost_usd, started_at,
                finished_at, duration_ms, environment_setup_ms, agent_setup_ms, agent_execution_ms, verifier_ms,
                host, artifact_uri, executor, harbor_version, agent_version, task_checksum, archive_state,
                configuration)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (step_execution_id) DO NOTHING""";

    private static final String PENDING_OF_HOST = """
            SELECT r.step_execution_id, r.job_execution_id, r.partition_key FROM trial_result r
             WHERE r.archive_state = 'PENDING' AND (r.host = ? OR r.host LIKE ?)
               AND NOT EXISTS (SELECT 1 FROM batch_step_execution s
                                WHERE s.step_execution_id = r.step_execution_id
                                  AND s.status IN ('STARTING', 'STARTED', 'STOPPING'))
             ORDER BY r.id""";

    private final JdbcTemplate jdbc;

    public TrialResultRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the row, not archived yet; a second insert for the same step execution is ignored (redelivered
     * message).
     *
     * @param executor     the executor that produced it ({@code simulated}, {@code docker}, {@code process})
     * @param hasDirectory whether the trial left a directory to archive (archive_state PENDING, else NONE)
     */
    public void insert(long jobInstanceId, long jobExecutionId, long stepExecutionId, Partition partition,
            TrialRecord r, String host, String executor, boolean hasDirectory) {
        jdbc.update(INSERT, jobInstanceId, jobExecutionId, stepExecutionId, partition.specName(), partition.key(),
                partition.task(), partition.attempt(), r.trialName(), partition.agent(), partition.model(),
                r.reward(), r.passed(), r.failureClass().name(), r.exceptionType(), truncate(r.exceptionMessage()),
                r.inputTokens(), r.cacheTokens(), r.outputTokens(), r.costUsd(), ts(r.startedAt()),
                ts(r.finishedAt()), r.durationMs(), r.environmentSetupMs(), r.agentSetupMs(), r.agentExecutionMs(),
                r.verifierMs(), host, null, executor, cut(r.harborVersion(), 64), cut(r.agentVersion(), 128),
                cut(r.taskChecksum(), 128), hasDirectory ? PENDING : NONE, partition.configuration());
    }

    /** The row of step execution {@code stepExecutionId}, if its trial was recorded. */
    public Optional<RecordedTrial> recorded(long stepExecutionId) {
        return jdbc.query("SELECT failure_class, exception_type, exception_message, archive_state, artifact_uri, host "
                + "FROM trial_result WHERE step_execution_id = ?", (rs, i) -> new RecordedTrial(
                        FailureClass.valueOf(rs.getString("failure_class")), rs.getString("exception_type"),
                        rs.getString("exception_message"), rs.getString("archive_state"), rs.getString("artifact_uri"),
                        rs.getString("host")), stepExecutionId).stream().findFirst();
    }

    /** The trial's directory is in the store at {@code artifactUri}; false when the row was not pending. */
    public boolean markArchived(long stepExecutionId, URI artifactUri) {
        return jdbc.update("UPDATE trial_result SET artifact_uri = ?, archive_state = 'ARCHIVED' "
                + "WHERE step_execution_id = ? AND archive_state = 'PENDING'", artifactUri.toString(),
                stepExecutionId) == 1;
    }

    /** The trial's local directory is gone: it can never be archived. */
    public boolean markLost(long stepExecutionId) {
        return jdbc.update("UPDATE trial_result SET archive_state = 'LOST' WHERE step_execution_id = ? "
                + "AND archive_state = 'PENDING'", stepExecutionId) == 1;
    }

    /**
     * The pending archives of the worker {@code host} (its rows name {@code host/c<consumer>}), oldest first, but not
     * those whose step still runs: its tasklet is storing that directory right now.
     */
    public List<PendingArchive> pendingArchives(String host) {
        return jdbc.query(PENDING_OF_HOST, (rs, i) -> new PendingArchive(rs.getLong("step_execution_id"),
                rs.getLong("job_execution_id"), rs.getString("partition_key")), host, likeEscaped(host) + "/%");
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
