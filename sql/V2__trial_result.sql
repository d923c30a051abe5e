-- One row per partition attempt (one step execution of a trial partition), written in the transaction that
-- completes the step. Reports read this table, never Harbor files.
CREATE TABLE trial_result (
    id                 BIGSERIAL PRIMARY KEY,
    job_instance_id    BIGINT        NOT NULL REFERENCES batch_job_instance (job_instance_id),
    job_execution_id   BIGINT        NOT NULL REFERENCES batch_job_execution (job_execution_id),
    step_execution_id  BIGINT        NOT NULL REFERENCES batch_step_execution (step_execution_id),
    spec_name          VARCHAR(63)   NOT NULL,
    partition_key      VARCHAR(160)  NOT NULL,
    task               VARCHAR(128)  NOT NULL,
    attempt            INT           NOT NULL,
    trial_name         VARCHAR(200),
    agent              VARCHAR(128),
    model              VARCHAR(200),
    reward             DOUBLE PRECISION,          -- null: not scored
    passed             BOOLEAN       NOT NULL,
    failure_class      VARCHAR(16)   NOT NULL,    -- NONE, AGENT, VERIFIER, INFRA, CONFIG
    exception_type     VARCHAR(200),
    exception_message  VARCHAR(2000),
    n_input_tokens     BIGINT,
    n_cache_tokens     BIGINT,
    n_output_tokens    BIGINT,
    cost_usd           DOUBLE PRECISION,
    started_at         TIMESTAMP WITH TIME ZONE,
    finished_at        TIMESTAMP WITH TIME ZONE,
    duration_ms        BIGINT,
    environment_setup_ms BIGINT,
    agent_setup_ms     BIGINT,
    agent_execution_ms BIGINT,
    verifier_ms        BIGINT,
    host               VARCHAR(200)  NOT NULL,
    artifact_uri       VARCHAR(1000),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT trial_result_one_per_step UNIQUE (step_execution_id)
);

CREATE INDEX trial_result_by_instance ON trial_result (job_instance_id, partition_key);
CREATE INDEX trial_result_by_execution ON trial_result (job_execution_id);
CREATE INDEX trial_result_by_spec_task ON trial_result (spec_name, task);

-- The manager polls partition progress with one aggregate query per interval over these columns.
CREATE INDEX batch_step_execution_by_job ON batch_step_execution (job_execution_id, status);
