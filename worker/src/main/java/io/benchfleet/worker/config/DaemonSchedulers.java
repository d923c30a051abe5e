package io.benchfleet.worker.config;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Spring TaskSchedulers of daemon threads for periodic work (housekeeping, fleet control), named for thread dumps. */
public final class DaemonSchedulers {

    private DaemonSchedulers() {
    }

    /** An initialised scheduler of {@code threads} daemon threads named {@code prefix}N; shut it down on close. */
    public static ThreadPoolTaskScheduler of(String prefix, int threads) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(threads);
        scheduler.setThreadNamePrefix(prefix);
        scheduler.setDaemon(true);
        scheduler.initialize();
        return scheduler;
    }
}
