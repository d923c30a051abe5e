package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** report.html: structure, escaping of every value from data, no external resources. */
class HtmlReportTest {

    private final String html = new HtmlReport().render(ReportFixtures.currentReport(), ReportFixtures.current(),
            "run-<b>7</b>");

    @Test
    void escapesEveryValueComingFromData() {
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>7</b>").doesNotContain("<none>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("run-&lt;b&gt;7&lt;/b&gt;")
                .contains("expected &quot;42&quot;, got &lt;none&gt;");
        // exactly one script element: ours
        assertThat(html.split("<script", -1)).hasSize(2);
        // the escaping the hand-written esc did, now Thymeleaf's: all five markup characters, and null as nothing
        String page = new HtmlReport().render(ReportFixtures.currentReport(), ReportFixtures.current(), "a&b<c>\"d'");
        assertThat(page).contains("run <b>a&amp;b&lt;c&gt;&quot;d&#39;</b>");
        assertThat(failureCells(failures("s3://b/k"), "k__a01").get(4)).as("host cell of a null host").isEmpty();
    }

    @Test
    void linksOnlyArtifactUrisOfSafeSchemes() {
        String page = failures("javascript:alert(1)", "s3://b/runs/7/x\"onmouseover=\"y", "file:///tmp/a", null);

        assertThat(artifactCell(page, "k__a01")).doesNotContain("href").contains("javascript:alert(1)");
        assertThat(artifactCell(page, "k__a02")).contains("href=\"s3://b/runs/7/x&quot;"
                + "onmouseover=&quot;y\"");
        assertThat(artifactCell(page, "k__a03")).contains("href=\"file:///tmp/a\"");
        assertThat(artifactCell(page, "k__a04")).isEmpty();
    }

    @Test
    void keepsClassNamesFromDataToLettersDigitsDashesAndUnderscores() {
        List<TrialRow> rows = List.of(new TrialRow("k__a01", "k", 1, null, false, "IN FRA\"><x", null, null, null, null,
                null, null, null, null, null, "h1", null));
        RunReport report = new RunReportBuilder().build("s", 1, 2, "FAILED", null, 1, rows, List.of(),
                ReportFixtures.NOW);

        String page = new HtmlReport().render(report, rows, "r");

        // 'IN FRA"><x' without the space, the quote and the angle brackets
        assertThat(page).contains("<span class=\"pill c-INFRAx\">").doesNotContain("c-IN FRA");
    }

    @Test
    void shortensALongArtifactLinkToAnEllipsisAndItsLastFiftyNineCharacters() {
        String uri = "s3://bucket/" + "x".repeat(60);

        // 72 characters: the link keeps the whole URI, the text shows "…" and the last 59 (all x)
        assertThat(artifactCell(failures(uri), "k__a01"))
                .isEqualTo("<a class=\"mono\" href=\"" + uri + "\">…" + "x".repeat(59) + "</a>");
    }

    @Test
    void isSelfContained() {
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//").doesNotContain("@import")
                .doesNotContain("url(").contains("<style>").contains("Content-Security-Policy");
    }

    @Test
    void hasTheHeadlineChartsTablesAndSections() {
        assertThat(html).contains("<svg id=\"chart-pass-rate\"").contains("<svg id=\"chart-durations\"")
                .contains("<svg id=\"chart-timeline\"").contains("id=\"task-table\"").contains("id=\"failure-table\"")
                .contains("Mean reward").contains("95% Wilson CI").contains("@4 ").contains("Partial report:")
                .contains("zeta__a01, zeta__a02").contains("no significant change")
                .contains("passed&rarr;failed").contains("ip-10-0-0-3");
        for (String task : List.of("build-linux-kernel", "fix-git", "sqlite-with-gcov")) {
            assertThat(html).contains("<tr><td>" + task + "</td>");
        }
    }

    @Test
    void rendersARunWithoutTrials() {
        RunReport empty = new RunReportBuilder().build("s", 1, 2, "FAILED", null, 3, List.of(),
                List.of("a__a01", "b__a01", "c__a01"), ReportFixtures.NOW);

        String page = new HtmlReport().render(empty, List.of(), null);

        assertThat(page).contains("No trials.").contains("No trial durations.").contains("No timed trials.")
                .contains("a__a01, b__a01, c__a01").endsWith("</html>\n");
    }

    /**
     * report.html of one INFRA failure per artifact URI, trial {@code k__a0<n>} for the n-th URI; the first trial
     * ran on no known host.
     */
    private static String failures(String... artifactUris) {
        List<TrialRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < artifactUris.length; i++) {
            rows.add(new TrialRow("k__a0" + (i + 1), "k", i + 1, null, false, "INFRA", "RuntimeError", "boom", null,
                    null, null, null, ReportFixtures.STARTED, ReportFixtures.STARTED.plusSeconds(1), 1000L,
                    i == 0 ? null : "h1", artifactUris[i]));
        }
        RunReport report = new RunReportBuilder().build("s", 1, 2, "FAILED", ReportFixtures.STARTED, rows.size(), rows,
                List.of(), ReportFixtures.NOW);
        return new HtmlReport().render(report, rows, "r");
    }

    /** The contents of the cells of a failure-table row: partition, class, exception, message, host, artifacts. */
    private static List<String> failureCells(String page, String partitionKey) {
        String table = page.substring(page.indexOf("id=\"failure-table\""));
        int row = table.indexOf("<tr><td class=\"mono\">" + partitionKey + "</td>");
        assertThat(row).as("failure row of " + partitionKey).isNotNegative();
        String tr = table.substring(row + "<tr>".length(), table.indexOf("</tr>", row));
        return java.util.regex.Pattern.compile("<td[^>]*>(.*?)</td>").matcher(tr).results().map(m -> m.group(1))
                .toList();
    }

    private static String artifactCell(String page, String partitionKey) {
        return failureCells(page, partitionKey).get(5);
    }
}
