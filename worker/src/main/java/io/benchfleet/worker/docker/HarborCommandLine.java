package io.benchfleet.worker.docker;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.benchfleet.jobdefs.plan.Partition;

/**
 * Every flag benchfleet passes to Harbor, in one place (pinned to Harbor 0.22; check {@code harbor run --help} of the
 * release in the Harbor image before changing it):
 *
 * <pre>
 * harbor run -d &lt;dataset&gt; -i &lt;task&gt; -a &lt;agent&gt; [-m &lt;model&gt;] -k 1 -n 1 -r 0 -o &lt;jobsDir&gt;
 *   --job-name &lt;partition key&gt; --timeout-multiplier &lt;f&gt; [--ak k=v ...] -e docker -y [--registry-path &lt;file&gt;]
 * </pre>
 *
 * One partition is one trial: {@code -k 1 -n 1}, and {@code -r 0} because benchfleet decides about retries.
 * {@code -y} ({@code --yes}, Harbor 0.22's {@code harbor/cli/jobs.py}) answers Harbor's prompts: a task that declares
 * host environment variables makes {@code harbor run} ask "Proceed? (Y/n)" and wait on stdin, which a headless worker
 * never answers.
 */
public final class HarborCommandLine {

    /** The Harbor release the flags below were checked against. */
    public static final String HARBOR_VERSION = "0.22";

    private final String executable;
    private final Path registryPath;

    /**
     * @param executable   {@code harbor} (on the PATH of the image or host) or an absolute path
     * @param registryPath a pinned {@code registry.json} passed as {@code --registry-path}, or null for the online hub
     */
    public HarborCommandLine(String executable, Path registryPath) {
        this.executable = executable == null || executable.isBlank() ? "harbor" : executable;
        this.registryPath = registryPath == null ? null : registryPath.toAbsolutePath();
    }

    public HarborCommandLine() {
        this("harbor", null);
    }

    /** The registry file (absolute) or null. */
    public Path registryPath() {
        return registryPath;
    }

    /** The full argv (executable first) that runs {@code partition}'s one trial into {@code jobsDir}. */
    public List<String> argv(Partition partition, Path jobsDir) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.add("run");
        add(argv, "-d", partition.dataset());
        add(argv, "-i", partition.task());
        add(argv, "-a", partition.agent());
        if (partition.model() != null && !partition.model().isBlank()) {
            add(argv, "-m", partition.model());
        }
        add(argv, "-k", "1");
        add(argv, "-n", "1");
        add(argv, "-r", "0");
        add(argv, "-o", jobsDir.toAbsolutePath().toString());
        add(argv, "--job-name", partition.key());
        add(argv, "--timeout-multiplier", decimal(partition.timeoutMultiplier()));
        // sorted: the same partition always gives the same argv (Harbor refuses to resume a job whose config differs)
        for (Map.Entry<String, String> kwarg : new TreeMap<>(partition.agentKwargs()).entrySet()) {
            add(argv, "--ak", kwarg.getKey() + "=" + kwarg.getValue());
        }
        add(argv, "-e", "docker");
        argv.add("-y");
        if (registryPath != null) {
            add(argv, "--registry-path", registryPath.toString());
        }
        return List.copyOf(argv);
    }

    private static void add(List<String> argv, String flag, String value) {
        argv.add(flag);
        argv.add(value);
    }

    /** Plain decimal, locale-independent: 1.0, 1.5, 0.25 (never 1E-5 or 1,5). */
    static String decimal(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        return (decimal.scale() < 1 ? decimal.setScale(1) : decimal).toPlainString();
    }
}
