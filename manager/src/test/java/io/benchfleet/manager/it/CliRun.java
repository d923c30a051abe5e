package io.benchfleet.manager.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.benchfleet.manager.cli.BenchfleetCli;

/** One benchfleet command executed in-process, with what it printed. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun execute(Map<String, String> env, Map<String, Object> properties, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchfleetCli.execute(args, env, properties, new PrintWriter(out, true), new PrintWriter(err,
                true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The job execution id from "Job execution N started". */
    public long jobExecutionId() {
        Matcher m = Pattern.compile("Job execution (\\d+) started").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no job execution id in output:\n" + out + "\nstderr:\n" + err);
        }
        return Long.parseLong(m.group(1));
    }
}
