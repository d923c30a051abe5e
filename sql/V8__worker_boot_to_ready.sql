-- How long a worker host took from its start to taking partitions, as the host measured it once (the first moment
-- its consumers ran and its executor was ready), so `plan` can use what the fleet really takes instead of a guess.
-- boot_to_ready_seconds: from the instance's launch (EC2 instance identity document, pendingTime) or, off EC2, from
-- the kernel's boot (/proc/uptime) to then; ready_measured_from says which. NULL before the host is ready, and for a
-- worker process started long after its host came up (a restart: its start-up is not a boot).
ALTER TABLE worker_host
    ADD COLUMN boot_to_ready_seconds BIGINT CHECK (boot_to_ready_seconds >= 0),
    ADD COLUMN ready_measured_from   VARCHAR(32);
