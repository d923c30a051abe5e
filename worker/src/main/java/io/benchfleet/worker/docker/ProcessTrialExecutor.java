package io.benchfleet.worker.docker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.benchfleet.jobdefs.plan.ExecutorNames;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.trial.TrialExecutor;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code benchfleet.worker.executor=process}: a {@code harbor} CLI on this host (same flags as the container, same
 * parser). Harbor then needs the host's Docker itself. At the wall-clock limit, or when the step is stopped, the
 * whole process tree is terminated (SIGTERM, then SIGKILL after the grace period), and the trial's Harbor compose
 * projects, which a killed Harbor leaves running, are removed. Output goes to {@code <job dir>/harbor-cli.log}.
 */
public class ProcessTrialExecutor implements TrialExecutor {

    private static final Logger log = LoggerFactory.getLogger(ProcessTrialExecutor.class);

    public static final String OUTPUT_LOG = "harbor-cli.log";

    private final HarborCommandLine commandLine;
    private final Duration stopGrace;
    private final Function<String, String> environment;
    private final String workerHost;
    private final HarborComposeProjects compose;

    public ProcessTrialExecutor(HarborCommandLine commandLine, Duration stopGrace, Function<String, String> environment,
            String workerHost) {
        this(commandLine, stopGrace, environment, workerHost, null);
    }

    /** @param compose the host daemon's compose projects, removed after each trial; null: no clean-up */
    public ProcessTrialExecutor(HarborCommandLine commandLine, Duration stopGrace, Function<String, String> environment,
            String workerHost, HarborComposeProjects compose) {
        this.commandLine = commandLine;
        this.stopGrace = stopGrace;
        this.environment = environment;
        this.workerHost = workerHost;
        this.compose = compose;
    }

    public static final String NAME = ExecutorNames.PROCESS;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Path run(Partition partition, Path jobsDir) {
        Path absoluteJobsDir = jobsDir.toAbsolutePath().normalize();
        Path jobDir = absoluteJobsDir.resolve(partition.key());
        Map<String, String> secrets = TrialRunSupport.secrets(partition, environment, workerHost);
        TrialRunSupport.createDirectories(absoluteJobsDir);
        List<String> argv = commandLine.argv(partition, absoluteJobsDir);
        Path logFile = absoluteJobsDir.resolve(partition.key() + "." + OUTPUT_LOG);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(absoluteJobsDir.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        builder.environment().putAll(secrets);
        log.info("partition {}: starting {} (secrets {})", partition.key(), String.join(" ", argv), secrets.keySet());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TrialInfrastructureException("cannot start Harbor CLI '" + argv.get(0) + "' for "
                    + partition.key() + ": " + e.getMessage() + " (install Harbor " + HarborCommandLine.HARBOR_VERSION
                    + " on this host or set benchfleet.worker.docker.harbor-executable)", e);
        }
        try {
            if (process.waitFor(partition.trialTimeoutSeconds(), TimeUnit.SECONDS)) {
                if (process.exitValue() != 0) {
                    log.warn("partition {}: Harbor exited with status {}", partition.key(), process.exitValue());
                }
            } else {
                log.warn("partition {}: wall-clock limit of {} s reached, killing Harbor (pid {})", partition.key(),
                        partition.trialTimeoutSeconds(), process.pid());
                destroyTree(process);
                TrialRunSupport.writeTimeoutNote(jobDir, partition, "Harbor process " + process.pid());
            }
        } catch (InterruptedException e) {
            log.warn("partition {}: interrupted (step stopping), killing Harbor (pid {})", partition.key(),
                    process.pid());
            destroyTree(process);
            Thread.currentThread().interrupt();
            removeComposeProjects(partition, jobDir);
            TrialRunSupport.moveIntoJobDir(logFile, jobDir, OUTPUT_LOG);
            throw new TrialInfrastructureException("trial of " + partition.key() + " was interrupted (worker "
                    + "stopping); Harbor was killed", e);
        }
        removeComposeProjects(partition, jobDir);
        TrialRunSupport.moveIntoJobDir(logFile, jobDir, OUTPUT_LOG);
        return jobDir;
    }

    private void removeComposeProjects(Partition partition, Path jobDir) {
        if (compose == null) {
            return;
        }
        try {
            compose.remove(compose.ofJob(jobDir), "partition " + partition.key() + ": its Harbor process ended");
        } catch (RuntimeException e) {
            log.warn("partition {}: could not look for Harbor's compose projects: {}", partition.key(),
                    e.getMessage());
        }
    }

    /** SIGTERM to the tree (collected first: orphaned children leave it), then SIGKILL after the grace period. */
    private void destroyTree(Process process) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        if (!stopGrace.isZero()) {
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + stopGrace.toNanos();
            while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Harbor process {} did not end after SIGKILL: {}", process.pid(), e.getMessage());
        }
    }
}
