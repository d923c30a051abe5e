package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.benchfleet.jobdefs.Messages;
import io.benchfleet.jobdefs.spec.InvalidSpecException;
import io.benchfleet.manager.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point of the {@code benchfleet} command line. */
public final class BenchfleetCli {

    private BenchfleetCli() {
    }

    public static void main(String[] args) {
        quietConsoleUntilSpringConfiguresLogging();
        int code = execute(args, System.getenv(), Map.of(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command; {@code extraProperties} are added to the Spring context (tests). */
    public static int execute(String[] args, Map<String, String> env, Map<String, Object> extraProperties,
            PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BenchfleetCommand(env, extraProperties));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof InvalidSpecException || e instanceof BadInputException
                || e instanceof CommandLine.ParameterException
                ? ExitCodes.BAD_INPUT : ExitCodes.RUN_FAILED);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidSpecException invalid) {
                invalid.problems().forEach(p -> commandLine.getErr().println("error: " + p));
            } else if (e instanceof BadInputException) {
                commandLine.getErr().println("error: " + e.getMessage());
            } else {
                commandLine.getErr().println("error: " + rootMessage(e) + " (details in the log file under "
                        + "--state-dir, default .benchfleet/logs/benchfleet.log)");
            }
            commandLine.getErr().flush();
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cli.execute(args);
    }

    /** The embedded SQS server starts before Spring Boot configures logging; keep its INFO lines off the console. */
    private static void quietConsoleUntilSpringConfiguresLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /**
     * The line to show for an unexpected failure: benchfleet's own one-line messages travel as
     * IllegalStateException / UncheckedIOException (the outermost one is shown), anything else by its root cause.
     */
    private static String rootMessage(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IllegalStateException || c instanceof java.io.UncheckedIOException) {
                return Messages.message(c);
            }
        }
        return Messages.rootMessage(e);
    }
}
