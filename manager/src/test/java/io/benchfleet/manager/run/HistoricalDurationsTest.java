package io.benchfleet.manager.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import io.benchfleet.jobdefs.plan.ExpectedDurations;
import io.benchfleet.manager.it.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The durations that order a run's partitions: a real run learns only from real trials, a rehearsal from all. */
class HistoricalDurationsTest {

    private final TestDatabase db = new TestDatabase();
    private final RepositoryRows rows = new RepositoryRows(db);

    @AfterEach
    void drop() {
        db.close();
    }

    private void trial(String task, long durationMs, String failureClass, String executor) {
        long[] run = rows.run("COMPLETED");
        long step = rows.partition(run[1], task + "__a01", "COMPLETED");
        rows.jdbc().update("INSERT INTO trial_result (job_instance_id, job_execution_id, step_execution_id, spec_name, "
                + "partition_key, task, attempt, passed, failure_class, duration_ms, host, executor) VALUES (?, ?, ?, "
                + "'smoke', ?, ?, 1, true, ?, ?, 'h', ?)", run[0], run[1], step, task + "__a01", task, failureClass,
                durationMs, executor);
    }

    @BeforeEach
    void history() {
        // fix-git: real 100 s and 300 s (mean 200 s), a simulated 10,000 s; regex-log: simulated only, 50 s;
        // an INFRA failure's 9,000 s never counts; a row from before executors were recorded (null) counts as real
        trial("fix-git", 100_000, "NONE", "docker");
        trial("fix-git", 300_000, "AGENT", null);
        trial("fix-git", 10_000_000, "NONE", "simulated");
        trial("fix-git", 9_000_000, "INFRA", "docker");
        trial("regex-log", 50_000, "NONE", "simulated");
    }

    @Test
    void aRealRunIgnoresTheDurationsSimulatedTrialsInvented() {
        ExpectedDurations real = new HistoricalDurations(rows.jdbc()).forSpec("smoke", false);

        assertThat(real.expectedSeconds("fix-git")).isEqualTo(OptionalLong.of(200));
        assertThat(real.expectedSeconds("regex-log")).isEmpty();
    }

    @Test
    void aRehearsalLearnsFromEveryFinishedTrial() {
        ExpectedDurations rehearsal = new HistoricalDurations(rows.jdbc()).forSpec("smoke", true);

        // (100 + 300 + 10,000) / 3 = 3466.67 s
        assertThat(rehearsal.expectedSeconds("fix-git").getAsLong()).isBetween(3466L, 3467L);
        assertThat(rehearsal.expectedSeconds("regex-log")).isEqualTo(OptionalLong.of(50));
    }
}
