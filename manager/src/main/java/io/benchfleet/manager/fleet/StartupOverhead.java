package io.benchfleet.manager.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code plan} adds to the makespan for hosts to come up: the median boot-to-ready time the group's recent
 * hosts measured (the worker registry, {@code sql/V8__worker_boot_to_ready.sql}), else the configured
 * {@code benchfleet.fleet.startup-overhead}, and which of the two it is.
 *
 * @param duration      the overhead
 * @param measuredHosts how many hosts' measurements the median is over; 0 when configured
 * @param source        where the figure comes from, for the plan's output
 */
public record StartupOverhead(Duration duration, int measuredHosts, String source) {

    /** One host's measurement: seconds from {@code from} (instance launch, kernel boot) to taking partitions. */
    public record Measurement(long seconds, String from) {
    }

    /** The configured figure, and why no measurement is used. */
    public static StartupOverhead configured(FleetProperties properties, String why) {
        return new StartupOverhead(properties.startupOverhead(), 0,
                "configured benchfleet.fleet.startup-overhead; " + why);
    }

    /** The median of {@code measurements}, or the configured figure when there are none. */
    public static StartupOverhead of(List<Measurement> measurements, FleetProperties properties, String group) {
        if (measurements.isEmpty()) {
            return configured(properties, "no host of group " + group + " has measured its boot-to-ready yet");
        }
        List<Long> seconds = new ArrayList<>(measurements.stream().map(Measurement::seconds).toList());
        Set<String> from = new TreeSet<>(measurements.stream().map(Measurement::from).toList());
        int n = measurements.size();
        return new StartupOverhead(Duration.ofSeconds(median(seconds)), n, "median boot-to-ready measured over " + n
                + (n == 1 ? " host" : " hosts") + " of group " + group + " (" + String.join(" or ", from)
                + " to taking partitions)");
    }

    /** The middle value; of an even count the mean of the two middle ones, rounded half up. */
    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }
}
