package io.benchfleet.worker.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * The worker's periodic housekeeping (the archive sweeper, the Docker janitor), run with fixed delays by Spring's
 * {@link TaskScheduler} from the moment the worker starts until it stops. A task that throws is logged and runs again
 * at its next turn.
 */
public class HostMaintenance implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HostMaintenance.class);

    /** One housekeeping task. */
    public record Task(String name, Duration interval, Runnable work) {
    }

    private final TaskScheduler scheduler;
    private final List<Task> tasks;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private volatile boolean running;

    public HostMaintenance(TaskScheduler scheduler, List<Task> tasks) {
        this.scheduler = scheduler;
        this.tasks = List.copyOf(tasks);
    }

    @Override
    public synchronized void start() {
        for (Task task : tasks) {
            scheduled.add(scheduler.scheduleWithFixedDelay(() -> run(task),
                    java.time.Instant.now().plus(task.interval()), task.interval()));
            log.info("{} every {}", task.name(), task.interval());
        }
        running = true;
    }

    private static void run(Task task) {
        try {
            task.work().run();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", task.name(), e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        scheduled.forEach(f -> f.cancel(false));
        scheduled.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
