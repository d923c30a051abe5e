package io.benchfleet.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.benchfleet.jobdefs.harbor.FailureClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialEvaluatorTest {

    @TempDir
    Path jobDir;

    final Instant start = Instant.parse("2026-11-23T10:00:00Z");
    final Instant end = Instant.parse("2026-11-23T10:05:00Z");

    @Test
    void aJobDirectoryWithoutTrialsIsAnInfraFailureNamingTheJobLog() {
        TrialRecord record = new TrialEvaluator().evaluate(jobDir, start, end);
        assertThat(record.failureClass()).isEqualTo(FailureClass.INFRA);
        assertThat(record.exceptionType()).isEqualTo("NoTrialDirectory");
        assertThat(record.exceptionMessage()).contains(jobDir.toString()).contains("job.log");
        assertThat(record.durationMs()).isEqualTo(300_000);
    }

    @Test
    void anUnreadableResultIsAnInfraFailureNotACrash() throws Exception {
        Path trial = Files.createDirectories(jobDir.resolve("fix-git__abcdefg"));
        Files.writeString(trial.resolve("config.json"), "{}");
        Files.writeString(trial.resolve("result.json"), "{\"task_name\": ");
        TrialRecord record = new TrialEvaluator().evaluate(jobDir, start, end);
        assertThat(record.failureClass()).isEqualTo(FailureClass.INFRA);
        assertThat(record.exceptionType()).isEqualTo("UnreadableResult");
        assertThat(record.exceptionMessage()).contains("result.json");
    }

    @Test
    void theHarborSampleIsReadWithRewardTokensCostAndPhases() throws Exception {
        Path trial = Files.createDirectories(jobDir.resolve("largest-eigenval__Xy9ZqR4"));
        Files.copy(Path.of("../job-definitions/src/test/resources/harbor/trial-result.json"),
                trial.resolve("result.json"));
        TrialRecord record = new TrialEvaluator().evaluate(jobDir, start, end);
        assertThat(record.failureClass()).isEqualTo(FailureClass.NONE);
        assertThat(record.reward()).isEqualTo(1.0);
        assertThat(record.passed()).isTrue();
        assertThat(record.inputTokens()).isEqualTo(412873);
        assertThat(record.outputTokens()).isEqualTo(9816);
        assertThat(record.costUsd()).isEqualTo(1.8342);
        assertThat(record.durationMs()).isEqualTo(695_608);
        assertThat(record.agentExecutionMs()).isEqualTo(577_420);
    }

    /** The Harbor sample trial result as the job directory's one trial. */
    private void sampleTrial() throws Exception {
        Path trial = Files.createDirectories(jobDir.resolve("largest-eigenval__Xy9ZqR4"));
        Files.copy(Path.of("../job-definitions/src/test/resources/harbor/trial-result.json"),
                trial.resolve("result.json"));
    }

    @Test
    void whatTheTrialRanWithComesFromHarborsFilesTheReleaseFromTheJobLockTheAgentAndTaskFromTheResult()
            throws Exception {
        sampleTrial();
        Files.writeString(jobDir.resolve("lock.json"), "{\"schema_version\": 3, \"harbor\": {\"version\": \"0.22.0\"}}");

        TrialRecord record = new TrialEvaluator().evaluate(jobDir, start, end);

        // the values written in the Harbor sample (agent_info.version, task_checksum) and in the lock above
        assertThat(record.agentVersion()).isEqualTo("2.0.31");
        assertThat(record.taskChecksum())
                .isEqualTo("9a1f3c5e7b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a");
        assertThat(record.harborVersion()).isEqualTo("0.22.0");
    }

    @Test
    void aJobWithoutALockRecordsNoHarborVersion() throws Exception {
        sampleTrial();
        assertThat(new TrialEvaluator().evaluate(jobDir, start, end).harborVersion()).isNull();
    }
}
