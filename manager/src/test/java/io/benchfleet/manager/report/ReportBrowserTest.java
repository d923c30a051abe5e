package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium: the page renders its SVG charts and table rows without console errors,
 * sorting works, and a screenshot is saved to {@code target/report-screenshot.png}. Skipped without a browser.
 */
class ReportBrowserTest {

    static final Path PAGE = Path.of("target/report-fixture.html").toAbsolutePath();
    static final Path MATRIX_PAGE = Path.of("target/report-matrix-fixture.html").toAbsolutePath();

    @TempDir
    Path profile;

    @BeforeAll
    static void writePage() throws Exception {
        if (HeadlessChromium.binary() == null) {
            System.out.println("ReportBrowserTest skipped: no chromium (apt-get install chromium)");
        }
        Files.createDirectories(PAGE.getParent());
        Files.writeString(PAGE, new HtmlReport().render(ReportFixtures.currentReport(), ReportFixtures.current(),
                "nightly-2025-03-01"), StandardCharsets.UTF_8);
        Files.writeString(MATRIX_PAGE, new HtmlReport().render(ReportFixtures.matrixReport(), ReportFixtures.matrix(),
                "matrix-1"), StandardCharsets.UTF_8);
    }

    @Test
    void drawsThePassAtKCurveTheTrendWithItsBandAndListsTheFlakyTasks() throws Exception {
        assumeTrue(HeadlessChromium.binary() != null, "no chromium installed");
        String probe = "<script>function box(id){var e=document.getElementById(id);var b=e.getBBox();"
                + "return e.getBoundingClientRect().width>0&&b.width>0?'drawn':'empty';}"
                + "document.body.setAttribute('data-charts',['chart-pass-at-k','chart-trend','chart-trend-cost',"
                + "'chart-trend-wall'].map(box).join(' '));"
                + "document.body.setAttribute('data-dots',document.querySelectorAll('#chart-trend circle').length);"
                + "document.body.setAttribute('data-band',document.querySelectorAll('#chart-trend polygon').length);"
                + "</script></body>";
        Path probed = profile.resolve("charts.html");
        Files.writeString(probed, Files.readString(PAGE).replace("</body>", probe));

        HeadlessChromium.Result dom = HeadlessChromium.run(profile.resolve("c"), probed.toUri().toString(),
                "--dump-dom", "--virtual-time-budget=3000");

        assertThat(dom.consoleMessages()).isEmpty();
        assertThat(dom.stdout()).contains("data-charts=\"drawn drawn drawn drawn\"")
                .as("one dot per run of the trend: 4 runs").contains("data-dots=\"4\"")
                .contains("data-band=\"1\"");
        // the fixture's fix-git passes 1, 3, 1, 3 of 4 in the four runs: F P F P, 3 flips of 3
        assertThat(dom.stdout()).contains("<tr><td>fix-git</td><td class=\"n\">4</td><td class=\"n\">3</td>"
                + "<td class=\"n\" data-v=\"1.0\">100%</td><td class=\"mono\">FPFP</td></tr>");
        assertThat(dom.stdout()).contains("id=\"pass-at-k-table\"").contains("id=\"coverage\"")
                .contains("id=\"phase-table\"").contains("dominates the long tail");
    }

    @Test
    void rendersAMatrixRunsLeaderboardAndPairwiseComparisons() throws Exception {
        assumeTrue(HeadlessChromium.binary() != null, "no chromium installed");

        HeadlessChromium.Result dom = HeadlessChromium.run(profile.resolve("m"), MATRIX_PAGE.toUri().toString(),
                "--dump-dom", "--virtual-time-budget=3000");

        assertThat(dom.consoleMessages()).isEmpty();
        // opus 14/24 ranks above sonnet 12/24
        assertThat(dom.stdout()).contains("id=\"leaderboard-table\"").contains("id=\"pair-table\"")
                .containsPattern("<tr><td class=\"n\">1</td><td>opus</td>")
                .containsPattern("<tr><td class=\"n\">2</td><td>sonnet</td>")
                .contains("sonnet against opus");
    }

    @Test
    void rendersChartsAndTablesWithoutConsoleErrorsAndSavesAScreenshot() throws Exception {
        assumeTrue(HeadlessChromium.binary() != null, "no chromium installed");

        HeadlessChromium.Result dom = HeadlessChromium.run(profile, PAGE.toUri().toString(), "--dump-dom",
                "--virtual-time-budget=3000");

        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(dom.consoleMessages()).as("console").isEmpty();
        assertThat(dom.stdout()).contains("data-ready=\"1\"").contains("<svg id=\"chart-pass-rate\"")
                .contains("<svg id=\"chart-durations\"").contains("<svg id=\"chart-timeline\"");
        assertThat(count(dom.stdout(), "<tr><td>")).as("task rows + flip rows").isGreaterThanOrEqualTo(6 + 3);

        Path shot = Path.of("target/report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        HeadlessChromium.Result png = HeadlessChromium.run(profile.resolve("shot"), PAGE.toUri().toString(),
                "--screenshot=" + shot, "--window-size=1400,2000");
        assertThat(png.exitCode()).as(png.stderr()).isZero();
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(20_000);
    }

    @Test
    void sortsTheTaskTableWhenAHeaderIsClicked() throws Exception {
        assumeTrue(HeadlessChromium.binary() != null, "no chromium installed");
        String html = Files.readString(PAGE);
        String probe = "<script>var th=document.querySelectorAll('#task-table th')[3];th.click();"
                + "var order=Array.prototype.map.call(document.querySelectorAll('#task-table tbody tr'),"
                + "function(r){return r.cells[3].getAttribute('data-v');}).join(' ');"
                + "document.body.setAttribute('data-order',order);"
                + "document.body.setAttribute('data-dir',th.getAttribute('aria-sort'));</script></body>";
        Path probed = profile.resolve("probe.html");
        Files.writeString(probed, html.replace("</body>", probe));

        HeadlessChromium.Result dom = HeadlessChromium.run(profile.resolve("p"), probed.toUri().toString(),
                "--dump-dom", "--virtual-time-budget=3000");

        assertThat(dom.consoleMessages()).isEmpty();
        Matcher m = Pattern.compile("data-order=\"([^\"]*)\"").matcher(dom.stdout());
        assertThat(m.find()).as(dom.stdout()).isTrue();
        assertThat(m.group(1)).isEqualTo("0.0 0.25 0.5 0.75 1.0 1.0");
        assertThat(dom.stdout()).contains("data-dir=\"ascending\"");
    }

    @Test
    void detectsConsoleErrorsAtAll() throws Exception {
        assumeTrue(HeadlessChromium.binary() != null, "no chromium installed");
        Path broken = profile.resolve("broken.html");
        Files.writeString(broken, "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>");

        HeadlessChromium.Result dom = HeadlessChromium.run(profile.resolve("b"), broken.toUri().toString(),
                "--dump-dom");

        assertThat(dom.consoleMessages()).as("the console check must see a real error").isNotEmpty();
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
