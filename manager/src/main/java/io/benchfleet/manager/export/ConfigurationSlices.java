package io.benchfleet.manager.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.benchfleet.jobdefs.plan.Partition;

/**
 * A run's export split by matrix configuration: Harbor's job config has one agent per job, so a matrix run (rows
 * with a configuration) becomes one Harbor job per configuration; a run of one agent and model is one slice, named
 * null. A planned partition belongs to the configuration its key starts with ({@code <configuration>__<task>__a<NN>},
 * {@link Partition#keyOf(String, String, int)}; the longest such name wins); one matching no configuration with a
 * result is counted in {@link #unmatched()}.
 *
 * @param slices    by configuration name (sorted), or the one unnamed slice
 * @param unmatched planned partitions of configurations that recorded no result at all
 */
public record ConfigurationSlices(Map<String, Slice> slices, int unmatched) {

    /** One configuration's rows and how many partitions it planned. */
    public record Slice(String configuration, List<ExportRow> rows, int planned) {
    }

    public boolean matrix() {
        return slices.keySet().stream().anyMatch(Objects::nonNull);
    }

    public static ConfigurationSlices of(List<ExportRow> rows, List<String> plannedKeys) {
        if (rows.stream().allMatch(r -> r.configuration() == null)) {
            Map<String, Slice> one = new LinkedHashMap<>();
            one.put(null, new Slice(null, rows, plannedKeys.size()));
            return new ConfigurationSlices(one, 0);
        }
        TreeSet<String> names = new TreeSet<>();
        rows.forEach(r -> names.add(nameOf(r)));
        List<String> longestFirst = names.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Map<String, Integer> planned = new LinkedHashMap<>();
        int unmatched = 0;
        for (String key : plannedKeys) {
            String owner = longestFirst.stream().filter(n -> key.startsWith(n + "__")).findFirst()
                    .orElse(null);
            if (owner == null) {
                unmatched++;
            } else {
                planned.merge(owner, 1, Integer::sum);
            }
        }
        Map<String, Slice> slices = new LinkedHashMap<>();
        for (String name : names) {
            List<ExportRow> own = new ArrayList<>(rows.stream().filter(r -> name.equals(nameOf(r))).toList());
            slices.put(name, new Slice(name, own, Math.max(own.size(), planned.getOrDefault(name, 0))));
        }
        return new ConfigurationSlices(slices, unmatched);
    }

    /** A row of a matrix run without a configuration (none are written so) goes to {@value #UNNAMED}. */
    static final String UNNAMED = "unnamed";

    private static String nameOf(ExportRow row) {
        return row.configuration() == null ? UNNAMED : row.configuration();
    }
}
