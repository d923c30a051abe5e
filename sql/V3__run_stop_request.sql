-- `benchfleet stop` records a request here instead of setting the job execution to STOPPING: Spring Batch would then
-- interrupt running trial steps after they recorded their result (marking them STOPPED, to be run again). The
-- manager sees the request, withdraws queued partitions and lets running trials finish; the partition step then ends
-- STOPPED and the run can be restarted.
CREATE TABLE run_stop_request (
    job_execution_id BIGINT PRIMARY KEY REFERENCES batch_job_execution (job_execution_id),
    requested_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    reason           VARCHAR(500)
);
