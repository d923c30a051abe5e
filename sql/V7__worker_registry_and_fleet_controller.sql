-- The fleet as the database sees it, in the database's own clock (now()), like the leases of V4: a worker's JVM clock
-- and zone never decide whether it is alive.

-- One row per worker host process: what it offers (slots, executor, version), since when, its last heartbeat and how
-- many slots run a trial now. state: ready (slots free), busy (every slot runs a trial), draining (takes nothing
-- more: stopping, lifecycle hook, spot notice, disk) or gone (stopped, or expired: no heartbeat within the lease).
-- reason says why a host is draining or gone. The fleet controller sizes the group by the slots registered here and
-- terminates only hosts it finds idle here.
CREATE TABLE worker_host (
    host_id      VARCHAR(250) PRIMARY KEY,
    worker_group VARCHAR(250) NOT NULL,
    instance_id  VARCHAR(64),
    slots        INT NOT NULL CHECK (slots >= 0),
    executor     VARCHAR(32) NOT NULL,
    version      VARCHAR(64) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    busy_slots   INT NOT NULL DEFAULT 0 CHECK (busy_slots >= 0),
    state        VARCHAR(16) NOT NULL CHECK (state IN ('ready', 'busy', 'draining', 'gone')),
    reason       VARCHAR(500)
);

CREATE INDEX worker_host_group_state ON worker_host (worker_group, state);

-- One row per worker group (Auto Scaling group): the manager process acting as its fleet controller now, and since
-- when the group has had nothing to do. Any manager process (run or serve) may take the row once its heartbeat is
-- older than the lease; the epoch rises with every takeover so a paused controller that wakes up is refused.
-- idle_since outlives the controller, so the next one (after a crash) keeps counting the idle time and scales to zero.
CREATE TABLE fleet_controller (
    worker_group VARCHAR(250) PRIMARY KEY,
    owner        VARCHAR(250) NOT NULL,
    epoch        BIGINT NOT NULL,
    taken_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    idle_since   TIMESTAMP WITH TIME ZONE,
    desired      INT
);

-- What each run may ask of the shared fleet, written when its job execution starts: its host limit (the spec's
-- maxHosts after the deployment's cap) and its priority (2 high: schedules, 1 normal: the command line, 0 low:
-- rehearsals; --param priority=). The controller sizes the group for every active run within its limit; each run's
-- manager releases partitions only up to its share of the registered slots.
CREATE TABLE run_fleet (
    job_execution_id BIGINT PRIMARY KEY REFERENCES batch_job_execution (job_execution_id),
    max_hosts        INT NOT NULL CHECK (max_hosts >= 0),
    priority         INT NOT NULL
);
