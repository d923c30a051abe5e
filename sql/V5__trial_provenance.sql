-- Where each trial result came from, and whether its artifacts reached the store.
--
-- Provenance: which executor produced the row (a simulated row is a rehearsal, never a benchmark result; reports
-- flag it), and the Harbor release, agent version and task checksum the trial ran with (the regression section flags
-- "configuration drift" when they differ between the compared runs). Rows written before this version have nulls.
ALTER TABLE trial_result
    ADD COLUMN executor       VARCHAR(16),    -- simulated, docker, process
    ADD COLUMN harbor_version VARCHAR(64),    -- the job's lock.json harbor.version; null when no Harbor ran
    ADD COLUMN agent_version  VARCHAR(128),   -- result.json agent_info.version
    ADD COLUMN task_checksum  VARCHAR(128),   -- result.json task_checksum
    -- The row is written before the trial directory is archived, so a failing store never costs a result:
    -- NONE (the trial left no directory), PENDING (kept on the worker's disk until its sweeper archives it),
    -- ARCHIVED (artifact_uri names it), LOST (the local directory vanished before it could be archived).
    ADD COLUMN archive_state  VARCHAR(16);

UPDATE trial_result SET archive_state = CASE WHEN artifact_uri IS NULL THEN 'NONE' ELSE 'ARCHIVED' END;

ALTER TABLE trial_result
    ALTER COLUMN archive_state SET DEFAULT 'NONE',
    ALTER COLUMN archive_state SET NOT NULL;

-- Each worker's sweeper looks for its own pending archives.
CREATE INDEX trial_result_pending_archive ON trial_result (host) WHERE archive_state = 'PENDING';
