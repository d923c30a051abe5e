package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.RepositoryRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real run is judged only against real runs and a rehearsal against rehearsals: the baseline and the trend of a run
 * skip the completed runs of the other kind (a run is a rehearsal when any of its trials is simulated).
 */
class BaselineKindTest {

    private final TestDatabase db = new TestDatabase();
    private final RepositoryRows rows = new RepositoryRows(db);
    private final TrialResultQuery query = new TrialResultQuery(rows.jdbc());

    @AfterEach
    void drop() {
        db.close();
    }

    /** A completed run of spec {@code smoke} whose one trial ran on {@code executor}; returns its instance id. */
    private long completedRun(String runId, String executor) {
        long[] run = rows.run("COMPLETED");
        rows.jdbc().update("INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type, "
                + "parameter_value, identifying) VALUES (?, 'spec', 'java.lang.String', 'smoke', 'Y'), "
                + "(?, 'runId', 'java.lang.String', ?, 'Y')", run[1], run[1], runId);
        long step = rows.partition(run[1], "fix-git__a01", "COMPLETED");
        rows.jdbc().update("INSERT INTO trial_result (job_instance_id, job_execution_id, step_execution_id, spec_name, "
                + "partition_key, task, attempt, passed, failure_class, host, executor) VALUES (?, ?, ?, 'smoke', "
                + "'fix-git__a01', 'fix-git', 1, true, 'NONE', 'h', ?)", run[0], run[1], step, executor);
        return run[0];
    }

    @Test
    void aRealRunsBaselineIsThePreviousRealRunNotALaterRehearsal() {
        completedRun("real-1", "docker");
        completedRun("rehearsal-1", "simulated");
        long current = completedRun("real-2", "docker");

        assertThat(query.previousCompletedRun("benchmarkJob", "smoke", current, false))
                .map(TrialResultQuery.Baseline::run).contains("real-1");
        assertThat(query.completedRunsBefore("benchmarkJob", "smoke", current, 13, false))
                .extracting(TrialResultQuery.Baseline::run).containsExactly("real-1");
    }

    @Test
    void aRehearsalsBaselineIsThePreviousRehearsal() {
        completedRun("rehearsal-1", "simulated");
        completedRun("real-1", "docker");
        long current = completedRun("rehearsal-2", "simulated");

        assertThat(query.previousCompletedRun("benchmarkJob", "smoke", current, true))
                .map(TrialResultQuery.Baseline::run).contains("rehearsal-1");
    }

    @Test
    void aRealRunAfterOnlyRehearsalsHasNoBaseline() {
        completedRun("rehearsal-1", "simulated");
        long current = completedRun("real-1", "docker");

        assertThat(query.previousCompletedRun("benchmarkJob", "smoke", current, false)).isEmpty();
    }
}
