package io.benchfleet.manager.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time (user + system, from {@code /proc/<pid>/stat}) spent by the benchmark's components during a run, so the
 * figures tell what the shared pieces (PostgreSQL, the SQS server, the manager) cost - the part that does not spread
 * over a real fleet's hosts - from what the simulated hosts cost, which on a real fleet each host pays on its own
 * cores. A component is a set of processes; a process's time includes its children that ended and were reaped (the
 * PostgreSQL backends the postmaster reaped, the manager JVM this benchmark waited for), and a live child's own time
 * is added. Linux only: elsewhere every reading is zero.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Supplier<Double>> components = new LinkedHashMap<>();

    /**
     * Adds a component measured as {@code processes} (asked anew at each reading), each with its reaped and its live
     * children.
     */
    CpuMeter add(String component, Supplier<List<ProcessHandle>> processes) {
        components.put(component, () -> processes.get().stream().mapToDouble(CpuMeter::seconds).sum());
        return this;
    }

    /**
     * Adds a component measured as the ended children of {@code parent}, which it has reaped: e.g. the manager JVMs
     * this benchmark started and waited for, without the benchmark's own time.
     */
    CpuMeter addEndedChildren(String component, ProcessHandle parent) {
        components.put(component, () -> (ticks(parent.pid(), true) - ticks(parent.pid(), false)) / TICKS_PER_SECOND);
        return this;
    }

    /** CPU seconds so far per component. */
    Map<String, Double> read() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        components.forEach((name, component) -> seconds.put(name, component.get()));
        return seconds;
    }

    /** {@code after - before} per component. */
    static Map<String, Double> spent(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> spent = new LinkedHashMap<>();
        after.forEach((name, s) -> spent.put(name, s - before.getOrDefault(name, 0.0)));
        return spent;
    }

    /** CPU seconds so far of process {@code pid} alone (0 once it is gone). */
    static double ownSeconds(long pid) {
        return ticks(pid, false) / TICKS_PER_SECOND;
    }

    /** The process's own time, its reaped children's, and its live children's own time. */
    private static double seconds(ProcessHandle process) {
        double s = ticks(process.pid(), true);
        for (ProcessHandle child : process.children().toList()) {
            s += ticks(child.pid(), false);
        }
        return s / TICKS_PER_SECOND;
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name (which may contain spaces) in parentheses: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return withReapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0; // gone, or not Linux
        }
    }
}
