package io.benchfleet.manager.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.benchfleet.manager.partition.ManagerShutdown;
import io.benchfleet.manager.run.RunLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.context.SmartLifecycle;

/**
 * The runs this manager process drives. When a job execution starts, the process takes the run's manager lease (a
 * new epoch: a run taken over fences its previous manager) and beats it until the execution ends. When the process
 * stops (SIGTERM or Ctrl-C on {@code run} or {@code serve}: Spring closes the context), its runs stop first - queued
 * partitions withdrawn, running trials left to finish on their workers - and the process waits until each has ended
 * STOPPED, so nothing looks alive for ever; one line per run says so and how to continue it.
 */
public class ManagedRuns implements JobExecutionListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ManagedRuns.class);

    private final RunLease lease;
    private final ManagerShutdown shutdown;
    private final Duration stopTimeout;
    private final PrintStream console;
    private final Set<Long> active = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /** @param stopTimeout how long a stopping process waits for its runs to end */
    public ManagedRuns(RunLease lease, ManagerShutdown shutdown, Duration stopTimeout, PrintStream console) {
        this.lease = lease;
        this.shutdown = shutdown;
        this.stopTimeout = stopTimeout;
        this.console = console;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        lease.take(jobExecution.getJobInstance().getInstanceId(), jobExecution.getId());
        active.add(jobExecution.getId());
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        lease.release(jobExecution.getId());
        synchronized (active) {
            active.remove(jobExecution.getId());
            active.notifyAll();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** The process is stopping: its runs stop, and it waits for them to end. */
    @Override
    public void stop() {
        running = false;
        if (active.isEmpty()) {
            return;
        }
        Set<Long> stopping = Set.copyOf(active);
        shutdown.request("the manager process was stopped (SIGTERM or Ctrl-C)");
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        synchronized (active) {
            while (!active.isEmpty() && System.nanoTime() < deadline) {
                try {
                    active.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (long id : stopping) {
            String outcome = shutdown.outcome(id);
            if (active.contains(id)) {
                String line = "job execution " + id + " did not stop within " + stopTimeout + ": its manager is "
                        + "gone - 'benchfleet restart " + id + "' recovers it";
                log.error(line);
                console.println("benchfleet: " + line);
            } else if (outcome != null) {
                console.println("benchfleet: stopped on a signal: " + outcome);
            }
        }
        console.flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before everything else (the in-process workers, the repository): its runs still need them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
