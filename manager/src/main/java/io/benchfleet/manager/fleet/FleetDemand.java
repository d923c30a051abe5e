package io.benchfleet.manager.fleet;

import java.time.Duration;
import java.util.List;

import io.benchfleet.jobdefs.plan.TrialStep;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the fleet has to run, from the job repository across every active run: each job execution that is STARTING
 * or STARTED and whose manager is alive (its {@code run_lease} beaten within the manager lease, database clock),
 * with its queued (STARTING) and running (STARTED) partitions. A run whose manager died has no demand of its own;
 * the trials still running for it keep their hosts busy in the registry, and busy hosts are never terminated.
 */
public class FleetDemand {

    private static final String ACTIVE_RUNS = """
            SELECT e.job_execution_id,
                   count(s.step_execution_id) FILTER (WHERE s.status = 'STARTING') AS queued,
                   count(s.step_execution_id) FILTER (WHERE s.status = 'STARTED') AS running,
                   COALESCE(f.max_hosts, 2147483647) AS max_hosts, COALESCE(f.priority, 1) AS priority,
                   EXISTS (SELECT 1 FROM batch_step_execution t WHERE t.job_execution_id = e.job_execution_id
                              AND t.step_name LIKE ?) AS partitioned
              FROM batch_job_execution e
              JOIN run_lease l ON l.job_execution_id = e.job_execution_id
              LEFT JOIN run_fleet f ON f.job_execution_id = e.job_execution_id
              LEFT JOIN batch_step_execution s ON s.job_execution_id = e.job_execution_id
                    AND s.step_name LIKE ? AND s.status IN ('STARTING', 'STARTED')
             WHERE e.status IN ('STARTING', 'STARTED')
               AND l.heartbeat_at >= now() - make_interval(secs => ?)
             GROUP BY e.job_execution_id, f.max_hosts, f.priority
             ORDER BY e.job_execution_id""";

    /**
     * One active run's partitions still to run, its host limit and priority ({@code run_fleet}), and whether it has
     * created its partitions yet: a run that just started has none queued or running, which says nothing about what
     * it will ask for in a moment.
     */
    public record RunDemand(long jobExecutionId, int queued, int running, int maxHosts, int priority,
            boolean partitioned) {

        public RunDemand(long jobExecutionId, int queued, int running, int maxHosts, int priority) {
            this(jobExecutionId, queued, running, maxHosts, priority, true);
        }

        public int partitions() {
            return queued + running;
        }

        /** Slots it can use: its partitions, at most its host limit's slots. */
        public long slots(int slotsPerHost) {
            return Math.min(partitions(), (long) maxHosts * slotsPerHost);
        }
    }

    /** Every active run; {@code slots()} is what they need together. */
    public record Demand(List<RunDemand> runs) {

        public long slots(int slotsPerHost) {
            return runs.stream().mapToLong(r -> r.slots(slotsPerHost)).sum();
        }

        public boolean anyRun() {
            return !runs.isEmpty();
        }

        /** Some run has not created its partitions yet: its demand is not known. */
        public boolean anyUnpartitioned() {
            return runs.stream().anyMatch(r -> !r.partitioned());
        }
    }

    private final JdbcTemplate jdbc;
    private final Duration managerLease;

    public FleetDemand(JdbcTemplate jdbc, Duration managerLease) {
        this.jdbc = jdbc;
        this.managerLease = managerLease;
    }

    public Demand now() {
        return new Demand(jdbc.query(ACTIVE_RUNS, (rs, i) -> new RunDemand(rs.getLong(1), rs.getInt(2),
                rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getBoolean(6)), TrialStep.PARTITION_PREFIX + "%",
                TrialStep.PARTITION_PREFIX + "%", managerLease.toMillis() / 1000.0));
    }
}
