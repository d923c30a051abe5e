package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.run.RepositoryRows;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunSpecLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A run joins the shared fleet: its host limit and priority are recorded for every manager's controller, this
 * process's controller starts, and a fleet that cannot be reached fails the launch with its one line.
 */
class FleetRunListenerTest {

    static final Path REFERENCE = Path.of("../job-definitions/examples/terminal-bench-750.yaml").toAbsolutePath();

    private static TestDatabase db;
    private static RepositoryRows rows;
    private static final ThreadPoolTaskScheduler SCHEDULER = new ThreadPoolTaskScheduler();

    @BeforeAll
    static void schema() {
        db = new TestDatabase();
        rows = new RepositoryRows(db);
        SCHEDULER.initialize();
    }

    @AfterAll
    static void drop() {
        SCHEDULER.shutdown();
        db.close();
    }

    private static JobExecution execution(RunParameters run) {
        long[] ids = rows.run("STARTED");
        return MetaDataInstanceFactory.createJobExecution("benchmarkJob", ids[0], ids[1], run.toJobParameters());
    }

    private static RunParameters run(Map<String, String> overrides) {
        return new RunParameters("terminal-bench-750", "r" + System.nanoTime(), null, REFERENCE.toString(),
                RunSpecLoader.digest(new BenchmarkSpecReader().read(REFERENCE)), overrides);
    }

    private static FleetRunListener listener(Supplier<Fleet> fleet, FleetProperties properties) {
        FleetControlProperties control = FleetControlProperties.defaults();
        FleetController controller = new FleetController(fleet, new FleetControllerLease(db.jdbc(), "g",
                control.lease(), "m-" + System.nanoTime()), new FleetDemand(db.jdbc(), Duration.ofSeconds(30)),
                new WorkerHosts(db.jdbc(), control.hostLease()), "g", control, properties, SCHEDULER);
        return new FleetRunListener(controller, properties, new RunSpecLoader(), db.jdbc());
    }

    private static Map<String, Object> claim(JobExecution job) {
        return db.jdbc().queryForMap("SELECT max_hosts, priority FROM run_fleet WHERE job_execution_id = ?",
                job.getId());
    }

    @Test
    void aCommandLineRunJoinsWithNormalPriorityAndItsSpecsHostLimit() {
        JobExecution job = execution(run(Map.of()));

        listener(() -> new RecordingFleet(1000), FleetProperties.defaults()).beforeJob(job);

        // terminal-bench-750.yaml: fleet.maxHosts 200; normal = rank 1
        assertThat(claim(job)).containsEntry("max_hosts", 200).containsEntry("priority", 1);
    }

    @Test
    void theRunsMaxHostsAndTheDeploymentsCapBoundItsHostLimit() {
        JobExecution overridden = execution(run(Map.of("maxHosts", "50")));
        JobExecution capped = execution(run(Map.of()));
        FleetProperties cap20 = new FleetProperties(null, null, null, null, null, 20, null, null, null, null, null);

        listener(() -> new RecordingFleet(1000), FleetProperties.defaults()).beforeJob(overridden);
        listener(() -> new RecordingFleet(1000), cap20).beforeJob(capped);

        assertThat(claim(overridden)).containsEntry("max_hosts", 50);
        assertThat(claim(capped)).containsEntry("max_hosts", 20);
    }

    @Test
    void aScheduledRunIsHighARehearsalLowAndAGivenPriorityWins() {
        JobExecution scheduled = execution(run(Map.of()).withSetting(RunParameters.SCHEDULE, "nightly"));
        JobExecution rehearsal = execution(run(Map.of()).withRehearsal(true));
        JobExecution given = execution(run(Map.of()).withRehearsal(true).withSetting(RunParameters.PRIORITY,
                "high"));
        FleetRunListener listener = listener(() -> null, FleetProperties.defaults());

        listener.beforeJob(scheduled);
        listener.beforeJob(rehearsal);
        listener.beforeJob(given);

        assertThat(claim(scheduled)).containsEntry("priority", 2);
        assertThat(claim(rehearsal)).containsEntry("priority", 0);
        assertThat(claim(given)).containsEntry("priority", 2);
    }

    @Test
    void aFleetThatCannotBeReachedAtLaunchFailsTheRunWithItsMessage() {
        Fleet broken = new RecordingFleet(10) {
            @Override
            public int desired() {
                throw new FleetException("Auto Scaling group 'x' not found (region us-east-1)");
            }
        };
        FleetRunListener listener = listener(() -> broken, FleetProperties.defaults());
        JobExecution job = execution(run(Map.of()));

        assertThatThrownBy(() -> listener.beforeJob(job)).isInstanceOf(FleetException.class)
                .hasMessage("Auto Scaling group 'x' not found (region us-east-1)");
        // the end of the job never throws: the job execution ends in the repository
        listener.afterJob(job);
    }

    @Test
    void aFleetThatCannotBeCreatedFailsTheLaunchButNeverTheEndOfTheJob() {
        FleetRunListener listener = listener(() -> {
            throw new FleetException("no AWS region for Auto Scaling group 'w': set AWS_REGION");
        }, FleetProperties.defaults());
        JobExecution job = execution(run(Map.of()));

        assertThatThrownBy(() -> listener.beforeJob(job)).hasMessageContaining("no AWS region");
        listener.afterJob(job);
    }

    @Test
    void withoutAFleetNothingIsSizedAndNoControllerRuns() {
        FleetRunListener listener = listener(() -> null, FleetProperties.defaults());
        JobExecution job = execution(run(Map.of()));

        listener.beforeJob(job);
        listener.afterJob(job);

        assertThat(listener.controller().fleet()).isNull();
        assertThat(listener.controller().holds()).isFalse();
    }

    @Test
    void aSpecThatCannotBeLoadedLeavesTheFleetAloneForThePartitionerToReport() {
        RecordingFleet fleet = new RecordingFleet(1000);
        JobExecution job = execution(new RunParameters("gone", "r1", null, "/nonexistent/spec.yaml", "0", Map.of()));
        FleetRunListener listener = listener(() -> fleet, FleetProperties.defaults());

        listener.beforeJob(job);
        listener.afterJob(job);

        assertThat(fleet.requests).isEmpty();
    }
}
