package io.benchfleet.manager.report;

import java.util.Locale;

/**
 * A failed trial's artifact URI as report.html shows it. Only http, https, file and s3 URIs become links, so a
 * {@code javascript:} or {@code data:} URI from a result row is shown as text and never runs; a long linked URI is
 * shortened to its last 59 characters after an ellipsis.
 *
 * @param href the link target, null when the URI is shown as text only
 * @param text what the page shows
 */
public record ArtifactLink(String href, String text) {

    private static final int SHOWN = 60;

    /** The link for {@code uri}; null for a missing or blank URI (an empty cell). */
    public static ArtifactLink of(String uri) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("file:")
                || lower.startsWith("s3://")) {
            return new ArtifactLink(uri, uri.length() > SHOWN ? "…" + uri.substring(uri.length() - (SHOWN - 1)) : uri);
        }
        return new ArtifactLink(null, uri);
    }
}
