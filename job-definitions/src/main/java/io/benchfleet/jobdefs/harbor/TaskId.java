package io.benchfleet.jobdefs.harbor;

/**
 * Where a trial's task came from: Harbor's {@code LocalTaskId | GitTaskId | PackageTaskId}
 * ({@code harbor/models/task/id.py}), in the two forms the simulated executor writes. Never read: benchfleet
 * identifies tasks by name.
 */
public sealed interface TaskId {

    /** A task directory on disk. */
    record Local(String path) implements TaskId {
    }

    /** A task package {@code org/name} of the registry, at an optional ref. */
    record Package(String org, String name, String ref) implements TaskId {
    }
}
