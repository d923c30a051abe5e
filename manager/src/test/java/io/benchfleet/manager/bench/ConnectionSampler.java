package io.benchfleet.manager.bench;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Samples PostgreSQL's {@code pg_stat_activity} every 100 ms while a run goes on and keeps the peak number of
 * connections held by benchfleet's workers and by its manager (told apart by their {@code ApplicationName}).
 */
final class ConnectionSampler implements AutoCloseable {

    private static final String QUERY = """
            SELECT count(*) FILTER (WHERE application_name = 'benchfleet-worker') AS workers,
                   count(*) FILTER (WHERE application_name = 'benchfleet-manager') AS manager
              FROM pg_stat_activity WHERE datname = current_database()""";

    private final SingleConnectionDataSource connection;
    private final JdbcTemplate jdbc;
    private final AtomicInteger peakWorkers = new AtomicInteger();
    private final AtomicInteger peakManager = new AtomicInteger();
    private final AtomicInteger peakTotal = new AtomicInteger();
    private final long backend;
    private final Thread thread;
    private volatile boolean running = true;

    /** Samples through one connection of its own to {@code url} (a connection per sample would load PostgreSQL). */
    ConnectionSampler(String url) {
        this.connection = new SingleConnectionDataSource(url, "postgres", "", true);
        this.jdbc = new JdbcTemplate(connection);
        this.backend = jdbc.queryForObject("SELECT pg_backend_pid()", Long.class);
        this.thread = new Thread(this::sample, "connection-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            try {
                jdbc.query(QUERY, rs -> {
                    int workers = rs.getInt("workers");
                    int manager = rs.getInt("manager");
                    peakWorkers.accumulateAndGet(workers, Math::max);
                    peakManager.accumulateAndGet(manager, Math::max);
                    peakTotal.accumulateAndGet(workers + manager, Math::max);
                });
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failed sample is a missed sample, not a failed benchmark
            }
        }
    }

    /**
     * CPU seconds so far of this sampler's own PostgreSQL backend: the benchmark's instrument (pg_stat_activity over
     * every backend slot, ten times a second), not the system's load, so the run's PostgreSQL figure leaves it out.
     */
    double backendCpuSeconds() {
        return CpuMeter.ownSeconds(backend);
    }

    int peakWorkers() {
        return peakWorkers.get();
    }

    int peakManager() {
        return peakManager.get();
    }

    int peakTotal() {
        return peakTotal.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.destroy();
        }
    }
}
