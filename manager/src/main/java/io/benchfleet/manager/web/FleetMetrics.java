package io.benchfleet.manager.web;

import java.time.Duration;
import java.time.Instant;

import io.benchfleet.manager.fleet.FleetCapacity;
import io.benchfleet.manager.fleet.FleetStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The worker group's hosts and slots as gauges, read from the worker registry (one query per scrape at most every
 * few seconds): {@code benchfleet.fleet.hosts} (taking partitions), {@code benchfleet.fleet.hosts.draining},
 * {@code benchfleet.fleet.slots} by {@code kind} total, busy and free.
 */
public class FleetMetrics implements MeterBinder {

    private static final Duration FRESH = Duration.ofSeconds(5);

    private final FleetStatus fleet;
    private FleetCapacity capacity = new FleetCapacity(0, 0, 0, 0, 0);
    private Instant readAt = Instant.MIN;

    public FleetMetrics(FleetStatus fleet) {
        this.fleet = fleet;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        String group = fleet.group();
        Gauge.builder("benchfleet.fleet.hosts", this, m -> m.capacity().hosts()).tag("group", group)
                .description("Worker hosts taking partitions (registry: ready or busy)").register(registry);
        Gauge.builder("benchfleet.fleet.hosts.draining", this, m -> m.capacity().draining()).tag("group", group)
                .description("Worker hosts draining").register(registry);
        Gauge.builder("benchfleet.fleet.slots", this, m -> m.capacity().slots()).tag("group", group)
                .tag("kind", "total").description("Trial slots of the hosts taking partitions").register(registry);
        Gauge.builder("benchfleet.fleet.slots", this, m -> m.capacity().busySlots()).tag("group", group)
                .tag("kind", "busy").register(registry);
        Gauge.builder("benchfleet.fleet.slots", this, m -> m.capacity().freeSlots()).tag("group", group)
                .tag("kind", "free").register(registry);
    }

    synchronized FleetCapacity capacity() {
        Instant now = Instant.now();
        if (now.isAfter(readAt.plus(FRESH))) {
            try {
                capacity = fleet.capacity();
            } catch (RuntimeException e) {
                // the last reading stands until the registry answers again
            }
            readAt = now;
        }
        return capacity;
    }
}
