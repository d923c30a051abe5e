package io.benchfleet.jobdefs;

/**
 * How benchfleet puts what went wrong on one line: exit messages of failed steps, the command line's error line,
 * health details, log lines. Every module words its errors through these, so a message looks the same wherever it
 * is shown.
 */
public final class Messages {

    /** The longest detail (a file's content, a message body, a foreign error) quoted inside a message. */
    public static final int MAX_DETAIL = 200;

    private Messages() {
    }

    /** A possibly multi-line message on one line, its lines joined by {@code " | "}; null is empty. */
    public static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    /**
     * A foreign text (a message body, a parser's error) to quote: every run of white space, line breaks included,
     * folded to one space, cut to {@code max} characters followed by {@code ...}; null is {@code unknown error}.
     */
    public static String abbreviate(String text, int max) {
        if (text == null) {
            return "unknown error";
        }
        String folded = text.replaceAll("\\s+", " ").strip();
        return folded.length() <= max ? folded : folded.substring(0, max) + "...";
    }

    /** The first line of a text; null is empty. */
    public static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /** The deepest cause of {@code e}: its message's first line, or its class's simple name when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return message(root);
    }

    /** The first line of {@code e}'s own message, or its class's simple name when it has none. */
    public static String message(Throwable e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : firstLine(text.strip());
    }
}
