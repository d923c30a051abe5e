package io.benchfleet.manager.report;

import java.util.List;

/**
 * {@code trials.csv}: one row per trial (the latest result of each partition), RFC 4180 (CRLF, quoted as needed); a
 * matrix run's file has a last column more, {@code configuration}. Also the writer of the report's other CSV files.
 */
public final class TrialsCsv {

    public static final List<String> HEADER = List.of("partition_key", "task", "attempt", "reward", "passed",
            "failure_class", "exception_type", "exception_message", "input_tokens", "cache_tokens", "output_tokens",
            "cost_usd", "started_at", "finished_at", "duration_ms", "host", "artifact_uri");

    private TrialsCsv() {
    }

    public static String render(List<TrialRow> rows) {
        boolean matrix = rows.stream().anyMatch(r -> r.configuration() != null);
        StringBuilder csv = new StringBuilder();
        List<String> header = new java.util.ArrayList<>(HEADER);
        if (matrix) {
            header.add("configuration");
        }
        line(csv, header);
        for (TrialRow r : rows) {
            List<Object> fields = new java.util.ArrayList<>(java.util.Arrays.asList(r.partitionKey(), r.task(),
                    r.attempt(), r.reward(), r.passed(), r.failureClass(), r.exceptionType(), r.exceptionMessage(),
                    r.inputTokens(), r.cacheTokens(), r.outputTokens(), r.costUsd(), r.startedAt(), r.finishedAt(),
                    r.durationMs(), r.host(), r.artifactUri()));
            if (matrix) {
                fields.add(r.configuration());
            }
            line(csv, fields);
        }
        return csv.toString();
    }

    /** A CSV document of a header and rows. */
    static String table(List<String> header, List<List<?>> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, header);
        rows.forEach(r -> line(csv, r));
        return csv.toString();
    }

    static void line(StringBuilder csv, List<?> fields) {
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
