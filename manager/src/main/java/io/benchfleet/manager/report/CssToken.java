package io.benchfleet.manager.report;

/**
 * The part of a class name that comes from data (a run status, a failure class): letters, digits, {@code -} and
 * {@code _} only, so a value from a result row can neither leave the attribute nor add classes of its own.
 */
public final class CssToken {

    private CssToken() {
    }

    /** {@code s} without any other character; null becomes empty. */
    public static String of(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9_-]", "");
    }
}
