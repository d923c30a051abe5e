package io.benchfleet.manager.run;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** One job execution's headline state, in one light query (no step executions or contexts loaded). */
public class RunStatusQuery {

    private static final String QUERY = """
            SELECT e.job_execution_id, e.status, e.exit_code, e.exit_message, e.start_time, e.end_time, i.job_name,
                   i.job_instance_id,
                   (SELECT parameter_value FROM batch_job_execution_params p
                     WHERE p.job_execution_id = e.job_execution_id AND p.parameter_name = 'spec') AS spec,
                   (SELECT parameter_value FROM batch_job_execution_params p
                     WHERE p.job_execution_id = e.job_execution_id
                       AND p.parameter_name IN ('runId', 'runDate')) AS run
              FROM batch_job_execution e JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
             WHERE e.job_execution_id = ?""";

    private final JdbcTemplate jdbc;

    public RunStatusQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<RunStatus> find(long jobExecutionId) {
        List<RunStatus> rows = jdbc.query(QUERY, (rs, i) -> new RunStatus(rs.getLong("job_execution_id"),
                rs.getLong("job_instance_id"), rs.getString("job_name"), rs.getString("spec"), rs.getString("run"),
                rs.getString("status"), rs.getString("exit_code"), rs.getString("exit_message"),
                local(rs.getTimestamp("start_time")), local(rs.getTimestamp("end_time"))), jobExecutionId);
        return rows.stream().findFirst();
    }

    private static LocalDateTime local(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime();
    }

    /** Headline state of a job execution. */
    public record RunStatus(long jobExecutionId, long jobInstanceId, String jobName, String spec, String run,
            String status, String exitCode, String exitMessage, LocalDateTime startTime, LocalDateTime endTime) {

        public boolean finished() {
            return finished(status, endTime);
        }

        /** A job execution has finished when it has an end time and is not starting, started or stopping. */
        public static boolean finished(String status, LocalDateTime endTime) {
            return endTime != null && !status.equals("STARTED") && !status.equals("STARTING")
                    && !status.equals("STOPPING");
        }
    }
}
