package io.benchfleet.manager.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.benchfleet.jobdefs.spec.InvalidSpecException;
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
                ? ExitCodes.BAD_INPUT : ExitCodes.RUN_FAILED);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidSpecException invalid) {
                invalid.problems().forEach(p -> commandLine.getErr().println("error: " + p));
            } else if (e instanceof BadInputException) {
                commandLine.getErr().println("error: " + e.getMessage());
            } else {
                commandLine.getErr().println("error: " + rootMessage(e));
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? msg : e.getMessage() + " (" + msg + ")";
    }

    /** A user error that nothing was done about: exit code 2 with one line. */
    public static class BadInputException extends RuntimeException {
        public BadInputException(String message) {
            super(message);
        }
    }
}
