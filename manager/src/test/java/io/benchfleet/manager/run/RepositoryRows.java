package io.benchfleet.manager.run;

import io.benchfleet.manager.it.TestDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/** Job repository rows written by hand into a migrated scratch schema, for tests of the manager's own statements. */
public final class RepositoryRows {

    private final TestDatabase db;
    private long ids = 1000;

    public RepositoryRows(TestDatabase db) {
        this.db = db;
        Flyway.configure().dataSource(db.url(), "postgres", "")
                .schemas((String) db.properties().get("spring.flyway.schemas"))
                .locations("classpath:db/migration").load().migrate();
    }

    public JdbcTemplate jdbc() {
        return db.jdbc();
    }

    /** A job instance with one job execution in {@code status}; returns {instance, execution}. */
    public long[] run(String status) {
        long instance = ids++;
        long execution = ids++;
        jdbc().update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) VALUES "
                + "(?, 0, 'benchmarkJob', md5(?::text))", instance, instance);
        jdbc().update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, "
                + "start_time, status, last_updated) VALUES (?, 0, ?, now(), now(), ?, now())", execution, instance,
                status);
        return new long[] {instance, execution};
    }

    /** A partition step execution of {@code execution} in {@code status}; returns its id. */
    public long partition(long execution, String key, String status) {
        long step = ids++;
        jdbc().update("INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, "
                + "create_time, start_time, status) VALUES (?, 0, ?, ?, now(), now(), ?)", step, "trial:" + key,
                execution, status);
        return step;
    }

    /** A worker's lease on {@code step}, its last heartbeat {@code ageSeconds} ago (database clock). */
    public void workerLease(long step, String owner, double ageSeconds) {
        jdbc().update("INSERT INTO step_lease (step_execution_id, owner, token, claimed_at, heartbeat_at) VALUES "
                + "(?, ?, gen_random_uuid(), now() - make_interval(secs => ?), now() - make_interval(secs => ?))",
                step, owner, ageSeconds, ageSeconds);
    }

    /** The manager lease of a run at {@code epoch}, its last heartbeat {@code ageSeconds} ago. */
    public void managerLease(long instance, long execution, long epoch, double ageSeconds) {
        jdbc().update("INSERT INTO run_lease (job_instance_id, job_execution_id, epoch, owner, taken_at, heartbeat_at) "
                + "VALUES (?, ?, ?, 'manager-x', now(), now() - make_interval(secs => ?))", instance, execution, epoch,
                ageSeconds);
    }

    public String status(long step) {
        return jdbc().queryForObject("SELECT status FROM batch_step_execution WHERE step_execution_id = ?",
                String.class, step);
    }
}
