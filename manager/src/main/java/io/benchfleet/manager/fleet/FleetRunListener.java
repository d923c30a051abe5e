package io.benchfleet.manager.fleet;

import java.util.function.Predicate;
import java.util.function.Supplier;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunSpecLoader;
import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.partition.PartitionProgressListener;
import io.benchfleet.jobdefs.plan.TrialStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hooks the {@link FleetScaler} into {@code benchmarkJob}: before the job the fleet is sized for the partitions still
 * to run (all of them, or on restart those that did not complete), every polling interval it is lowered as the
 * backlog drains, and after the job (completed, failed or stopped) it goes to zero. Disabled (no-op) when there is no
 * fleet: {@code benchfleet.fleet.asg-name} unset and no in-process workers.
 *
 * <p>A fleet that cannot be sized at launch (unknown group, no permission) fails the run with that one line: its
 * partitions would otherwise wait for hosts that never come. Later failures are logged and the run goes on.
 */
public class FleetRunListener implements JobExecutionListener, PartitionProgressListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetRunListener.class);

    private static final String COMPLETED_PARTITIONS = """
            SELECT count(DISTINCT s.step_name)
              FROM batch_step_execution s
              JOIN batch_job_execution e ON e.job_execution_id = s.job_execution_id
             WHERE e.job_instance_id = ? AND s.step_name LIKE ? AND s.status = 'COMPLETED'""";

    private final Supplier<Fleet> fleetFactory;
    private final FleetProperties properties;
    private final RunSpecLoader specLoader;
    private final JdbcTemplate jdbc;
    private final Predicate<JobExecution> handedOver;
    private FleetScaler scaler;
    private boolean created;

    /**
     * @param handedOver whether a run that ended is not this manager's to scale down any more: it stopped on a signal
     *                   with trials still running on the fleet, or another manager took it over
     */
    public FleetRunListener(Supplier<Fleet> fleetFactory, FleetProperties properties, RunSpecLoader specLoader,
            JdbcTemplate jdbc, Predicate<JobExecution> handedOver) {
        this.fleetFactory = fleetFactory;
        this.properties = properties;
        this.specLoader = specLoader;
        this.jdbc = jdbc;
        this.handedOver = handedOver;
    }

    /** The scaler, created on first use; null when this process has no fleet to size. */
    public synchronized FleetScaler scaler() {
        if (!created) {
            Fleet fleet = fleetFactory.get();
            scaler = fleet == null ? null : new FleetScaler(fleet);
            created = true;
        }
        return scaler;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        FleetScaler s = scaler();
        if (s == null) {
            return;
        }
        BenchmarkSpec spec;
        try {
            spec = specLoader.load(RunParameters.from(jobExecution.getJobParameters()));
        } catch (RuntimeException e) {
            // The partitioner reports the spec problem and fails the run; nothing to size for.
            log.warn("fleet not sized: the run's spec cannot be loaded: {}", e.getMessage());
            return;
        }
        Integer completed = jdbc.queryForObject(COMPLETED_PARTITIONS, Integer.class,
                jobExecution.getJobInstance().getInstanceId(), TrialStep.PARTITION_PREFIX + "%");
        int remaining = Math.max(0, spec.trialCount() - (completed == null ? 0 : completed));
        s.launch(remaining, properties.capHosts(spec.fleet().maxHosts()), spec.fleet().slotsPerHost());
    }

    @Override
    public void onProgress(StepExecution managerStep, PartitionProgress progress) {
        try {
            FleetScaler s = scaler();
            if (s != null && progress.total() > 0) {
                s.onBacklog(progress.total() - progress.finished());
            }
        } catch (RuntimeException e) {
            log.warn("fleet not lowered: {}", e.getMessage());
        }
    }

    /** Never throws: an exception here would leave the job execution unfinished in the repository. */
    @Override
    public void afterJob(JobExecution jobExecution) {
        try {
            FleetScaler s = scaler();
            if (s != null && handedOver.test(jobExecution)) {
                log.warn("fleet {} kept at its size after job execution {}: its trials still run there or another "
                        + "manager drives the run now", s.fleet().describe(), jobExecution.getId());
            } else if (s != null) {
                s.finish();
            }
        } catch (RuntimeException e) {
            log.error("fleet not scaled to zero after job execution {} ({}): {} - scale it down by hand with "
                    + "scripts/scale.sh down", jobExecution.getId(), jobExecution.getStatus(), e.getMessage(), e);
        }
    }

    /** Releases the fleet's clients (the fleet keeps its size). */
    @Override
    public synchronized void close() {
        if (scaler != null) {
            scaler.fleet().close();
        }
    }
}
