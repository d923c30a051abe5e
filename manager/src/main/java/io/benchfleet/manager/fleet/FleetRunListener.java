package io.benchfleet.manager.fleet;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.manager.partition.PartitionProgressListener;
import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunPriority;
import io.benchfleet.manager.run.RunSpecLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hooks {@code benchmarkJob} to the shared fleet: before the job the run's claim is recorded in {@code run_fleet}
 * (its host limit: the spec's maxHosts after the deployment's cap, and its {@link RunPriority}), this process's
 * {@link FleetController} is started and looks at once, so the group grows for the run now if this process controls
 * it (else its controller does, from the same repository). After the job the controller looks again; it never zeroes
 * the group for one run's end: the group goes to zero only once no run is active and no host busy.
 *
 * <p>A fleet that cannot be reached at launch (unknown group, no permission) fails the run with that one line: its
 * partitions would otherwise wait for hosts that never come. Later failures are logged and the run goes on.
 */
public class FleetRunListener implements JobExecutionListener, PartitionProgressListener {

    private static final Logger log = LoggerFactory.getLogger(FleetRunListener.class);

    private static final String CLAIM = """
            INSERT INTO run_fleet (job_execution_id, max_hosts, priority) VALUES (?, ?, ?)
            ON CONFLICT (job_execution_id) DO UPDATE SET max_hosts = EXCLUDED.max_hosts,
                                                         priority = EXCLUDED.priority""";

    private final FleetController controller;
    private final FleetProperties properties;
    private final RunSpecLoader specLoader;
    private final JdbcTemplate jdbc;

    public FleetRunListener(FleetController controller, FleetProperties properties, RunSpecLoader specLoader,
            JdbcTemplate jdbc) {
        this.controller = controller;
        this.properties = properties;
        this.specLoader = specLoader;
        this.jdbc = jdbc;
    }

    public FleetController controller() {
        return controller;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        RunParameters run = RunParameters.from(jobExecution.getJobParameters());
        BenchmarkSpec spec;
        try {
            spec = specLoader.load(run);
        } catch (RuntimeException e) {
            // The partitioner reports the spec problem and fails the run; nothing to size for.
            log.warn("fleet not sized: the run's spec cannot be loaded: {}", e.getMessage());
            return;
        }
        RunPriority priority = RunPriority.of(run);
        int maxHosts = properties.capHosts(spec.fleet().maxHosts());
        jdbc.update(CLAIM, jobExecution.getId(), maxHosts, priority.rank());
        Fleet fleet = controller.fleet();
        if (fleet == null) {
            return;
        }
        // reads the group: an unknown group or a missing permission fails the run here, with its one line
        int desired = fleet.desired();
        log.info("fleet {}: run {} (job execution {}) joins with priority {}, at most {} hosts; desired capacity {}",
                fleet.describe(), run.specName(), jobExecution.getId(), priority.label(), maxHosts, desired);
        controller.start();
        controller.look();
    }

    @Override
    public void onProgress(StepExecution managerStep, PartitionProgress progress) {
        // the controller reads every run's progress from the repository itself
    }

    /** Never throws: an exception here would leave the job execution unfinished in the repository. */
    @Override
    public void afterJob(JobExecution jobExecution) {
        try {
            controller.look();
        } catch (RuntimeException e) {
            log.warn("fleet controller could not look after job execution {} ({}): {}", jobExecution.getId(),
                    jobExecution.getStatus(), e.getMessage());
        }
    }
}
