-- Matrix runs: the configuration (a named agent x model x agent arguments of the spec) a trial belongs to, so the
-- report can rank configurations and compare them task by task. Null for a spec of one agent and model, as every
-- row written before matrix specs.
ALTER TABLE trial_result ADD COLUMN configuration VARCHAR(24);
