package io.benchfleet.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import io.benchfleet.manager.run.ManagerState;
import io.benchfleet.manager.run.RunListQuery.RunSummary;
import org.junit.jupiter.api.Test;

/** The runs list of serve ({@code GET /}) rendered from rows, without a server. */
class RunsPageTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2025, 3, 1, 10, 1, 5);

    @Test
    void escapesTheSpecFilterAndEveryValueOfARun() {
        RunSummary run = new RunSummary(7, 3, "<b>x</b>", "\"q\"", "FAILED", "boom <i>\nsecond line", null, null, 1, 0,
                1, 0, 1, null, null);

        String page = new RunsPage().render(List.of(run), null, "<b>x</b>", NOW);

        assertThat(page).contains("<h2>Runs of &lt;b&gt;x&lt;/b&gt;</h2>")
                // URL-encoded for the query (%3C <, %3E >, %2F /), then HTML-escaped
                .contains("<a href=\"/?spec=%3Cb%3Ex%3C%2Fb%3E\">&lt;b&gt;x&lt;/b&gt;</a>")
                .contains("<td class=\"mono\">&quot;q&quot;</td>")
                .contains("<span class=\"badge b-FAILED\" title=\"boom &lt;i&gt;\">FAILED</span>")
                .doesNotContain("<b>x").doesNotContain("second line");
    }

    @Test
    void drawsProgressAsSharesOfThePlannedPartitions() {
        RunSummary run = new RunSummary(9, 4, "smoke", "canary", "STARTED", null, NOW.minusSeconds(65), null, 8, 2, 1,
                1, 3, 0.25, null);

        String page = new RunsPage().render(List.of(run), null, null, NOW);

        // of 8 partitions: 2 completed = 25%, 1 failed = 12.5%, 1 running = 12.5%, 8 - 4 = 4 queued
        assertThat(page).contains("<span class=\"bar\" title=\"2 completed, 1 failed, 1 running, 4 queued\">"
                        + "<i class=\"c\" style=\"width:25.00%\"></i><i class=\"f\" style=\"width:12.50%\"></i>"
                        + "<i class=\"r\" style=\"width:12.50%\"></i></span>2/8 <span class=\"sub\">(1 failed)</span>")
                // running for 65 s; mean reward to three places
                .contains("<td class=\"n\">00:01:05</td>").contains("<td class=\"n reward\">0.250</td>")
                .contains("<a href=\"/runs/9\">report</a> <a class=\"sub\" href=\"/runs/9/report.json\">json</a>");
    }

    @Test
    void aRunWhoseManagerStoppedBeatingIsBadgedGoneWithTheCommandThatContinuesIt() {
        // last heartbeat 95 s before a 30-s lease ran out: gone
        ManagerState gone = ManagerState.of(9, false, "4242@mgr", Instant.parse("2025-03-01T09:59:30Z"), 95.0,
                30_000);
        RunSummary run = new RunSummary(9, 4, "smoke", "canary", "STARTED", null, NOW.minusSeconds(65), null, 8, 2, 0,
                1, 3, 0.25, gone);

        String page = new RunsPage().render(List.of(run), null, null, NOW);

        assertThat(page).contains("<span class=\"badge b-GONE\"").contains(">manager gone</span>")
                .contains("manager gone since 2025-03-01 09:59:30 UTC (no heartbeat for 95 s)")
                .contains("continue with <span class=\"mono\">benchfleet restart 9</span>");
    }

    @Test
    void aRunWhoseManagerBeatsCarriesNoGoneBadge() {
        ManagerState alive = ManagerState.of(9, false, "4242@mgr", Instant.parse("2025-03-01T10:01:00Z"), 5.0,
                30_000);
        RunSummary run = new RunSummary(9, 4, "smoke", "canary", "STARTED", null, NOW.minusSeconds(65), null, 8, 2, 0,
                1, 3, 0.25, alive);

        assertThat(new RunsPage().render(List.of(run), null, null, NOW)).doesNotContain("manager gone")
                .doesNotContain("b-GONE\"");
    }

    @Test
    void tellsHowToStartARunWhenThereIsNoneAndLeavesOutSchedulesWithoutAny() {
        String page = new RunsPage().render(List.of(), null, null, NOW);

        assertThat(page).contains("<h2>Runs</h2>")
                .contains("No runs yet: start one with <span class=\"mono\">benchfleet run --spec FILE</span>")
                .contains("generated 2025-03-01 10:01:05").doesNotContain("id=\"schedules\"")
                .doesNotContain("<script");
    }
}
