package io.benchfleet.jobdefs.harbor;

import static io.benchfleet.jobdefs.harbor.HarborFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarborJobDirectoryTest {

    @TempDir
    Path jobsDir;

    @Test
    void listsTrialDirectoriesWithAResultOrAConfigSortedByName() throws IOException {
        Path jobDir = Files.createDirectories(jobsDir.resolve("part-07-of-12"));
        Files.writeString(jobDir.resolve("config.json"), "{}");
        Files.writeString(jobDir.resolve("result.json"), "{}");
        Files.writeString(jobDir.resolve("job.log"), "");
        Path finished = trialDir(jobDir, "regex-log__Hn4Kp2W", "result.json");
        Path running = trialDir(jobDir, "fix-git__Lm3NbV8", "config.json");
        Path both = trialDir(jobDir, "largest-eigenval__Xy9ZqR4", "config.json");
        Files.writeString(both.resolve("result.json"), "{}");
        Files.createDirectories(jobDir.resolve("not-a-trial"));
        trialDir(jobDir, "only-a-log__Aa1Bb2C", "trial.log");

        HarborJobDirectory job = HarborJobDirectory.of(jobsDir, "part-07-of-12");

        assertThat(job.path()).isEqualTo(jobDir);
        assertThat(job.trialDirectories()).containsExactly(running, both, finished);
    }

    @Test
    void listsNoTrialsForAJobDirectoryThatDoesNotExistYet() {
        HarborJobDirectory job = HarborJobDirectory.of(jobsDir, "not-started");

        assertThat(job.trialDirectories()).isEmpty();
        assertThat(job.progress()).isEmpty();
    }

    @Test
    void readsLiveProgressFromTheJobResult() throws IOException {
        HarborJobDirectory job = jobWithResult("job-result-running.json");

        assertThat(job.progress()).contains(new JobProgress(12, 3, 1, 4, 5));
        assertThat(job.progress().orElseThrow().allCompleted()).isFalse();
    }

    @Test
    void readsTheProgressOfAFinishedJob() throws IOException {
        HarborJobDirectory job = jobWithResult("job-result.json");

        assertThat(job.progress()).contains(new JobProgress(6, 6, 2, 0, 0));
        assertThat(job.progress().orElseThrow().allCompleted()).isTrue();
    }

    @Test
    void acceptsTheLegacyTrialAndErrorCountNamesAndDerivesPending() throws IOException {
        HarborJobDirectory job = jobWithResult("job-result-legacy.json");

        assertThat(job.progress()).contains(new JobProgress(10, 4, 1, 0, 6));
    }

    @Test
    void givesNoProgressForAGarbledJobResult() throws IOException {
        for (String garbled : new String[] {"", "{\"n_total_trials\": 3, \"stats\": ", "[1, 2]",
                "{\"stats\": {\"n_completed_trials\": 1}}", "{\"n_total_trials\": 3, \"stats\": []}",
                "{\"n_total_trials\": \"many\", \"stats\": {}}"}) {
            Path jobDir = Files.createDirectories(jobsDir.resolve("garbled"));
            Files.writeString(jobDir.resolve("result.json"), garbled);

            assertThat(new HarborJobDirectory(jobDir).progress()).as(garbled).isEmpty();
        }
    }

    private HarborJobDirectory jobWithResult(String resource) throws IOException {
        Path jobDir = Files.createDirectories(jobsDir.resolve("job"));
        Files.copy(resource(resource), jobDir.resolve("result.json"));
        return new HarborJobDirectory(jobDir);
    }

    private static Path trialDir(Path jobDir, String name, String file) throws IOException {
        Path dir = Files.createDirectories(jobDir.resolve(name));
        Files.writeString(dir.resolve(file), "{}");
        return dir;
    }

    @Test
    void readsTheHarborVersionFromTheJobLockAndNothingFromAMissingOrForeignLock() throws IOException {
        Path jobDir = Files.createDirectories(jobsDir.resolve("fix-git__a01"));
        HarborJobDirectory job = new HarborJobDirectory(jobDir);
        assertThat(job.readLock()).isEmpty();

        // the shape Harbor 0.22 writes (JobLock.model_dump_json(exclude_none=True)), trials left out
        Files.writeString(job.lock(), """
                {"schema_version": 3, "created_at": "2026-08-22T14:02:10.112233Z",
                 "harbor": {"version": "0.22.0", "is_editable": false},
                 "n_concurrent_trials": 1, "retry": {"max_retries": 0}, "trials": []}""");
        assertThat(job.readLock().orElseThrow().harborVersion()).isEqualTo("0.22.0");

        Files.writeString(job.lock(), "[1, 2]");
        assertThat(job.readLock()).isEmpty();
        Files.writeString(job.lock(), "{\"schema_version\": 3}");
        assertThat(job.readLock().orElseThrow().harborVersion()).isNull();
    }
}
