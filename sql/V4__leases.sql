-- Leases and heartbeats in the database's own clock. Spring Batch writes last_updated (TIMESTAMP without time zone)
-- from each JVM's local clock and zone, so a worker or manager in another time zone than the reader misreads it by
-- hours. These tables hold TIMESTAMP WITH TIME ZONE values written with now() and compared with now() only.

-- One row per partition step execution a worker claimed: who holds it (worker slot and a token per claim) and when
-- it last beat. A claim takes a row that does not exist yet or whose heartbeat is older than the lease; the
-- heartbeat renews only rows whose token the worker holds.
CREATE TABLE step_lease (
    step_execution_id BIGINT PRIMARY KEY REFERENCES batch_step_execution (step_execution_id),
    owner             VARCHAR(250) NOT NULL,
    token             UUID NOT NULL,
    claimed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per run (job instance): the manager driving it now. Each manager that takes the run (a launch or a
-- restart) raises the epoch; every write a manager makes for the run carries its epoch and is refused once another
-- manager holds a higher one (fencing), so a paused manager that wakes up cannot act on a run taken over meanwhile.
CREATE TABLE run_lease (
    job_instance_id  BIGINT PRIMARY KEY REFERENCES batch_job_instance (job_instance_id),
    job_execution_id BIGINT NOT NULL REFERENCES batch_job_execution (job_execution_id),
    epoch            BIGINT NOT NULL,
    owner            VARCHAR(250) NOT NULL,
    taken_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
