package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.benchfleet.jobdefs.Json;
import io.benchfleet.jobdefs.Messages;
import io.benchfleet.manager.fleet.FleetStatus;
import io.benchfleet.manager.run.Elapsed;
import io.benchfleet.manager.run.ManagerState;
import io.benchfleet.manager.run.PartitionCounts;
import io.benchfleet.manager.run.PartitionProgress;
import io.benchfleet.manager.run.PartitionProgressQuery;
import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.RunLease;
import io.benchfleet.manager.run.RunStatusQuery;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code benchfleet status <jobExecutionId>}: where a run stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a run's state: job status, a progress bar with partitions by state and ETA, hosts in service, report location.",
                "Example: benchfleet status 42 --watch"})
public class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB_EXECUTION_ID", description = "As printed by 'run'.")
    long jobExecutionId;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--watch", description = "Keep printing the status every --interval until the run ends.")
    boolean watch;

    @Option(names = "--interval", defaultValue = "5s", paramLabel = "DURATION",
            converter = RunCommand.DurationConverter.class,
            description = "Refresh interval of --watch (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @ParentCommand
    BenchfleetCommand parent;

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        try (ManagerRuntime runtime = parent.startForRepository()) {
            RunStatusQuery.RunStatus status = BenchfleetCommand.requireRun(runtime, jobExecutionId);
            while (true) {
                PartitionProgress progress = runtime.bean(PartitionProgressQuery.class)
                        .forJobExecution(jobExecutionId);
                JobExecution execution = runtime.bean(JobRepository.class).getJobExecution(jobExecutionId);
                String report = execution.getExecutionContext().getString(RunContextKeys.REPORT_LOCATION, null);
                FleetStatus fleet = runtime.bean(FleetStatus.class);
                String hosts = fleet.hostsInService() + (status.finished() ? ""
                        : "; share " + fleet.share(jobExecutionId));
                ManagerState manager = runtime.bean(RunLease.class).state(status.jobInstanceId(),
                        status.jobExecutionId(), status.finished());
                if (json) {
                    out.println(toJson(status, progress, report, hosts, manager));
                } else {
                    print(out, status, progress, report, hosts, manager);
                }
                out.flush();
                if (!watch || status.finished()) {
                    return status.status().equals("FAILED") ? ExitCodes.RUN_FAILED : ExitCodes.OK;
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ExitCodes.OK;
                }
                out.println();
                status = BenchfleetCommand.requireRun(runtime, jobExecutionId);
            }
        }
    }

    /** Status needs the database only: no SQS consumers, no queue. */
    static Map<String, Object> withoutWorkers(Map<String, Object> extra) {
        Map<String, Object> props = new LinkedHashMap<>(extra);
        props.put("benchfleet.worker.enabled", "false");
        return props;
    }

    /** Remaining time at the pace so far (finished partitions per elapsed time); null before the first finishes. */
    static Duration eta(RunStatusQuery.RunStatus s, PartitionProgress p) {
        if (s.finished() || s.startTime() == null || p.finished() == 0 || p.total() == 0) {
            return null;
        }
        Duration elapsed = Duration.between(s.startTime(), LocalDateTime.now());
        return elapsed.multipliedBy(p.total() - p.finished()).dividedBy(p.finished());
    }

    static String bar(PartitionProgress p) {
        int width = 30;
        int done = p.total() == 0 ? 0 : width * p.finished() / p.total();
        return "[" + "#".repeat(done) + "-".repeat(width - done) + "]";
    }

    private static void print(PrintWriter out, RunStatusQuery.RunStatus s, PartitionProgress p, String report,
            String hosts, ManagerState manager) {
        out.printf("Job execution %d of %s: spec %s, run %s%n", s.jobExecutionId(), s.jobName(), s.spec(), s.run());
        out.printf("Status      %s%s%n", s.status(), s.exitMessage() == null || s.exitMessage().isBlank() ? ""
                : " (" + Messages.firstLine(s.exitMessage()) + ")");
        out.printf("Started     %s%n", s.startTime() == null ? "-" : s.startTime());
        out.printf("Ended       %s%s%n", s.endTime() == null ? "-" : s.endTime(),
                s.startTime() == null ? "" : "  (" + Elapsed.clock(Duration.between(s.startTime(),
                        s.endTime() == null ? LocalDateTime.now() : s.endTime())) + ")");
        if (manager != null) {
            out.printf("Manager     %s%s%n", manager.describe(), manager.alive() ? ""
                    : ": the run is not progressing - continue it with '" + manager.continueWith() + "'");
        }
        Duration eta = manager != null && !manager.alive() ? null : eta(s, p);
        out.printf("Progress    %s %3d%%  %d/%d finished%s%n", bar(p), p.total() == 0 ? 0 : 100 * p.finished()
                / p.total(), p.finished(), p.total(), eta == null ? "" : "  ETA " + Elapsed.clock(eta));
        out.printf("Partitions  %d total: %d completed, %d failed, %d running, %d queued%n", p.total(),
                p.count(BatchStatus.COMPLETED), p.count(BatchStatus.FAILED) + p.count(BatchStatus.ABANDONED),
                p.running(), p.queued());
        out.printf("Hosts       %s%n", hosts);
        out.printf("Report      %s%n", report == null ? "not written yet" : report);
    }

    /** {@code status --json}: a run's state for scripts. */
    record StatusDocument(long jobExecutionId, long jobInstanceId, String spec, String run, String status,
            String exitCode, LocalDateTime startTime, LocalDateTime endTime, PartitionCounts partitions,
            Long etaSeconds, String hostsInService, String report,
            @JsonInclude(JsonInclude.Include.NON_NULL) ManagerState manager) {
    }

    private static String toJson(RunStatusQuery.RunStatus s, PartitionProgress p, String report, String hosts,
            ManagerState manager) {
        Duration eta = manager != null && !manager.alive() ? null : eta(s, p);
        return Json.pretty(new StatusDocument(s.jobExecutionId(), s.jobInstanceId(), s.spec(), s.run(), s.status(),
                s.exitCode(), s.startTime(), s.endTime(), PartitionCounts.of(p), eta == null ? null : eta.toSeconds(),
                hosts, report, manager));
    }
}
