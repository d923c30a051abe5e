package io.benchfleet.manager.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.benchfleet.worker.docker.DockerDaemon;
import io.benchfleet.worker.docker.HarborStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same job with the docker executor: {@code run --local --executor docker} starts one Harbor container per
 * partition (the stand-in image that speaks Harbor's command line and writes its format) on a real Docker daemon.
 */
class DockerLocalRunIntegrationTest {

    @RegisterExtension
    static final DockerDaemon daemon = new DockerDaemon();

    static TestDatabase db;

    @TempDir
    static Path buildDir;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void prepare() throws Exception {
        HarborStandIn.build(daemon.client(), daemon.host(), buildDir);
        db = new TestDatabase();
    }

    @AfterAll
    static void dropSchema() {
        if (db != null) {
            db.close();
        }
    }

    /** {@code run --local --executor docker} of two tasks x {@code attempts} on the stand-in, one worker. */
    CliRun dockerRun(String name, int attempts, int slots, String runId) throws Exception {
        Path spec = Files.writeString(stateDir.resolve(name + ".yaml"), """
                name: %s
                dataset: terminal-bench@2.0
                tasks: [fix-git, regex-log]
                attempts: %d
                agent: standin-pass
                model: standin/none
                harborImage: %s
                timeouts: {agentSec: 60, verifierSec: 10, environmentBuildSec: 10, marginSec: 10}
                """.formatted(name, attempts, HarborStandIn.IMAGE));
        Map<String, Object> props = new HashMap<>(db.properties());
        props.put("benchfleet.worker.docker.host", daemon.host());
        props.put("benchfleet.worker.docker.network-mode", "none");
        props.put("benchfleet.manager.poll-interval", "300ms");
        return CliRun.execute(db.env(), props, "--state-dir", stateDir.toString(), "run", "--spec",
                spec.toString(), "--local", "--workers", "1", "--slots", Integer.toString(slots), "--executor",
                "docker", "--param", "runId=" + runId);
    }

    @Test
    void theLocalRunSwitchedToTheDockerExecutorRunsEachPartitionInAHarborContainer() throws Exception {
        CliRun run = dockerRun("docker-e2e", 2, 2, "docker-1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        long id = run.jobExecutionId();
        List<Map<String, Object>> rows = db.jdbc().queryForList("SELECT partition_key, reward, failure_class, "
                + "artifact_uri FROM trial_result WHERE job_execution_id = ? ORDER BY partition_key", id);
        assertThat(rows).extracting(r -> r.get("partition_key")).containsExactly("fix-git__a01", "fix-git__a02",
                "regex-log__a01", "regex-log__a02");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("reward")).isEqualTo(1.0);
            assertThat(r.get("failure_class")).isEqualTo("NONE");
        });
        Path archived = Path.of(java.net.URI.create((String) rows.get(0).get("artifact_uri")));
        assertThat(archived.resolve("container.log")).exists();
        assertThat(daemon.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("benchfleet.partition", "fix-git__a01")).exec())
                .as("containers are removed after each trial").isEmpty();
    }

    @Test
    void fiveAttemptsOnTheDockerExecutorRecordWhatRanAndExportAsALeaderboardValidHarborJob() throws Exception {
        CliRun run = dockerRun("docker-board", 5, 3, "board-1");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        long id = run.jobExecutionId();
        assertThat(db.jdbc().queryForList("SELECT DISTINCT executor, harbor_version, agent_version FROM trial_result "
                + "WHERE job_execution_id = ?", id)).containsExactly(Map.of("executor", "docker", "harbor_version",
                "0.22.0+standin", "agent_version", "2.0.31"));
        assertThat(Files.readString(stateDir.resolve("artifacts/reports/" + id + "/report.html")))
                .as("real trials: no rehearsal banner").doesNotContain("id=\"rehearsal\"");

        Path job = stateDir.resolve("export/docker-board-1");
        CliRun export = CliRun.execute(db.env(), db.properties(), "--state-dir", stateDir.toString(), "export",
                Long.toString(id), "--harbor-job", job.toString(), "--require-valid");

        assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
        assertThat(export.out()).contains("Harbor job written to " + job.toAbsolutePath() + ": 10 trials of 2 tasks")
                .contains("Leaderboard-valid: yes");
        assertThat(new io.benchfleet.jobdefs.harbor.HarborJobDirectory(job).trialDirectories()).hasSize(10);
        assertThat(new io.benchfleet.jobdefs.harbor.HarborJobDirectory(job).readResult().orElseThrow().nTotalTrials())
                .isEqualTo(10);
    }
}
