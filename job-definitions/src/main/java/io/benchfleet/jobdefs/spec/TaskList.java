package io.benchfleet.jobdefs.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The task names a spec document lists, inline under {@code tasks} or one per line in its {@code taskFile} (resolved
 * relative to the spec file; blank lines and {@code #} comments skipped). Names are given bare: an organisation
 * prefix ({@code laude-institute/fix-git}) is dropped, so a prefixed and a bare name are the same task. Whether the
 * names are valid and distinct is {@link BenchmarkSpec}'s rule; this only reads them.
 *
 * @param names    the names in list order, prefixes dropped
 * @param location how problems with the names are located: {@code tasks}, or {@code taskFile <path>}
 */
record TaskList(List<String> names, String location) {

    private static final FieldPath TASK_FILE = FieldPath.of("taskFile");

    TaskList {
        names = names.stream().map(TaskList::bare).toList();
    }

    /** The document's tasks, or empty after reporting why the task file cannot be read. */
    static Optional<TaskList> read(SpecDocument document, Path baseDir, SpecProblems problems) {
        if (document.tasks() != null) {
            return Optional.of(new TaskList(document.tasks(), "tasks"));
        }
        if (baseDir == null) {
            problems.add(TASK_FILE, "cannot be resolved for an inline spec (list the tasks instead)", null);
            return Optional.empty();
        }
        Path path = null;
        try {
            path = baseDir.resolve(document.taskFile());
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
            return Optional.of(new TaskList(lines, "taskFile " + path));
        } catch (IOException | InvalidPathException e) {
            problems.add(TASK_FILE, "cannot read " + (path == null ? document.taskFile() : path) + " ("
                    + e.getClass().getSimpleName() + "): give a path relative to the spec file", null);
            return Optional.empty();
        }
    }

    private static String bare(String task) {
        String name = task == null ? "" : task;
        return name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
    }
}
