package io.benchfleet.manager.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run as Harbor job folders: one folder {@code DIR} for a run of one agent and model; for a matrix run one folder
 * {@code DIR/<configuration>/} per configuration (Harbor's job config has one agent per job), each with its own job
 * result and leaderboard check ({@link ConfigurationSlices}, {@link HarborJobExport}).
 */
public class RunExport {

    private final HarborJobExport jobs;

    public RunExport(HarborJobExport jobs) {
        this.jobs = jobs;
    }

    /** One Harbor job of the export: its configuration (null for a run of one agent and model) and what it holds. */
    public record Job(String configuration, HarborJobExport.Result result) {
    }

    /**
     * What was exported.
     *
     * @param unmatched planned partitions of configurations that recorded no result (so have no folder)
     */
    public record Result(Path dir, boolean matrix, List<Job> jobs, int unmatched) {

        public boolean storeFailed() {
            return jobs.stream().anyMatch(j -> !j.result().storeFailures().isEmpty());
        }

        public boolean allValid() {
            return unmatched == 0 && jobs.stream().allMatch(j -> j.result().leaderboard().valid());
        }

        public int trials() {
            return jobs.stream().mapToInt(j -> j.result().trials()).sum();
        }
    }

    public Result export(long jobInstanceId, List<ExportRow> rows, List<String> plannedKeys, Path dir)
            throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        ConfigurationSlices slices = ConfigurationSlices.of(rows, plannedKeys);
        List<Job> exported = new ArrayList<>();
        for (ConfigurationSlices.Slice slice : slices.slices().values()) {
            Path folder = slices.matrix() ? target.resolve(slice.configuration()) : target;
            exported.add(new Job(slice.configuration(), jobs.export(jobInstanceId, slice.configuration(),
                    slice.rows(), slice.planned(), folder)));
        }
        return new Result(target, slices.matrix(), List.copyOf(exported), slices.unmatched());
    }
}
