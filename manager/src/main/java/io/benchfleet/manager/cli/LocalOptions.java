package io.benchfleet.manager.cli;

import java.nio.file.Path;

import io.benchfleet.jobdefs.plan.ExecutorNames;
import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.local.LocalMode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --local} and the sizing of its in-process workers, shared by {@code run} and {@code restart}. */
public class LocalOptions {

    @Option(names = "--local", description = "Run on embedded infrastructure: in-process SQS and workers, local "
            + "artifacts. Same job, same code path as production.")
    boolean local;

    @Option(names = "--workers", defaultValue = "3", paramLabel = "N",
            description = "In-process worker consumers with --local (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--slots", defaultValue = "4", paramLabel = "N",
            description = "Concurrent trials per local worker (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--executor", defaultValue = "simulated", paramLabel = "NAME",
            description = "Trial executor of the local workers: simulated (default), docker or process.")
    String executor;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The local mode to start, or null without --local; bad combinations are a {@link BadInputException}. */
    LocalMode toLocalMode(Path stateDir) {
        if (workers < 1 || slots < 1) {
            throw new BadInputException("--workers and --slots must be at least 1");
        }
        var parsed = mixee.commandLine().getParseResult();
        if (!local && (parsed.hasMatchedOption("--workers") || parsed.hasMatchedOption("--slots")
                || parsed.hasMatchedOption("--executor"))) {
            throw new BadInputException("--workers, --slots and --executor size the in-process workers of --local; "
                    + "without --local the fleet's workers run on their own hosts");
        }
        if (!ExecutorNames.ALL.contains(executor)) {
            throw new BadInputException("--executor '" + executor + "' is unknown: use simulated, docker or process");
        }
        return local ? new LocalMode(workers, slots, executor, stateDir) : null;
    }
}
