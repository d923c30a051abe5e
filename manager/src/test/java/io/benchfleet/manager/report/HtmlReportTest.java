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
        assertThat(HtmlReport.esc("a&b<c>\"d'")).isEqualTo("a&amp;b&lt;c&gt;&quot;d&#39;");
        assertThat(HtmlReport.esc(null)).isEmpty();
    }

    @Test
    void linksOnlyArtifactUrisOfSafeSchemes() {
        assertThat(HtmlReport.link("javascript:alert(1)")).doesNotContain("href").contains("javascript:alert(1)");
        assertThat(HtmlReport.link("s3://b/runs/7/x\"onmouseover=\"y")).contains("href=\"s3://b/runs/7/x&quot;"
                + "onmouseover=&quot;y\"");
        assertThat(HtmlReport.link("file:///tmp/a")).contains("href=\"file:///tmp/a\"");
        assertThat(HtmlReport.link(null)).isEmpty();
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
}
