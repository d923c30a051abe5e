package io.benchfleet.manager.report;

import java.util.List;

/** {@code trials.csv}: one row per trial (the latest result of each partition), RFC 4180 (CRLF, quoted as needed). */
public final class TrialsCsv {

    public static final List<String> HEADER = List.of("partition_key", "task", "attempt", "reward", "passed",
            "failure_class", "exception_type", "exception_message", "input_tokens", "cache_tokens", "output_tokens",
            "cost_usd", "started_at", "finished_at", "duration_ms", "host", "artifact_uri");

    private TrialsCsv() {
    }

    public static String render(List<TrialRow> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (TrialRow r : rows) {
            line(csv, java.util.Arrays.asList(r.partitionKey(), r.task(), r.attempt(), r.reward(), r.passed(),
                    r.failureClass(), r.exceptionType(), r.exceptionMessage(), r.inputTokens(), r.cacheTokens(),
                    r.outputTokens(), r.costUsd(), r.startedAt(), r.finishedAt(), r.durationMs(), r.host(),
                    r.artifactUri()));
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    /** A field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled); null is empty. */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
