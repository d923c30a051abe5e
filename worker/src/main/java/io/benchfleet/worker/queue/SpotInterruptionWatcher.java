package io.benchfleet.worker.queue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the EC2 spot interruption notice (instance metadata {@code /latest/meta-data/spot/instance-action}, which
 * answers 404 until AWS schedules the interruption, about two minutes ahead) and starts the graceful stop once.
 */
public class SpotInterruptionWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpotInterruptionWatcher.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI notice;
    private final Runnable gracefulStop;
    private final AtomicBoolean triggered = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchfleet-spot-notice");
        t.setDaemon(true);
        return t;
    });

    public SpotInterruptionWatcher(URI notice, Duration interval, Runnable gracefulStop) {
        this.notice = notice;
        this.gracefulStop = gracefulStop;
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean triggered() {
        return triggered.get();
    }

    void check() {
        if (triggered.get()) {
            return;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(notice).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && triggered.compareAndSet(false, true)) {
                log.warn("spot interruption notice: {} - stopping gracefully", response.body());
                new Thread(gracefulStop, "benchfleet-graceful-stop").start();
            }
        } catch (java.io.IOException e) {
            log.debug("spot notice not readable: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
