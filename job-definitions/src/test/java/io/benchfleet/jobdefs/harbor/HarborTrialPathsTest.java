package io.benchfleet.jobdefs.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class HarborTrialPathsTest {

    private final Path jobDir = Path.of("/data/harbor/jobs/tb2__part-07-of-12");

    @Test
    void placesTheTrialFilesWhereHarborsTrialPathsDoes() {
        // harbor/models/trial/paths.py (0.22): TrialPaths.config_path ... exception_message_path
        HarborTrialPaths trial = HarborTrialPaths.of(jobDir, "fix-git__Q7wErT5");
        Path dir = jobDir.resolve("fix-git__Q7wErT5");

        assertThat(trial.dir()).isEqualTo(dir);
        assertThat(trial.name()).isEqualTo("fix-git__Q7wErT5");
        assertThat(trial.config()).isEqualTo(dir.resolve("config.json"));
        assertThat(trial.lock()).isEqualTo(dir.resolve("lock.json"));
        assertThat(trial.result()).isEqualTo(dir.resolve("result.json"));
        assertThat(trial.log()).isEqualTo(dir.resolve("trial.log"));
        assertThat(trial.exception()).isEqualTo(dir.resolve("exception.txt"));
        assertThat(trial.agentDir()).isEqualTo(dir.resolve("agent"));
        assertThat(trial.verifierDir()).isEqualTo(dir.resolve("verifier"));
        assertThat(trial.rewardText()).isEqualTo(dir.resolve("verifier/reward.txt"));
        assertThat(trial.rewardJson()).isEqualTo(dir.resolve("verifier/reward.json"));
        assertThat(trial.testStdout()).isEqualTo(dir.resolve("verifier/test-stdout.txt"));
        assertThat(trial.artifactsDir()).isEqualTo(dir.resolve("artifacts"));
    }

    @Test
    void placesTheJobFilesWhereHarborsJobDoes() {
        // harbor/job.py (0.22): job_dir / "job.log", "config.json", "lock.json", "result.json"
        HarborJobDirectory job = new HarborJobDirectory(jobDir);

        assertThat(job.log()).isEqualTo(jobDir.resolve("job.log"));
        assertThat(job.config()).isEqualTo(jobDir.resolve("config.json"));
        assertThat(job.lock()).isEqualTo(jobDir.resolve("lock.json"));
        assertThat(job.result()).isEqualTo(jobDir.resolve("result.json"));
        assertThat(job.trial("regex-log__Hn4Kp2W").dir()).isEqualTo(jobDir.resolve("regex-log__Hn4Kp2W"));
    }
}
