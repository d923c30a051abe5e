package io.benchfleet.manager.report;

import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS, inline SVG charts, a few lines of inline JavaScript for
 * sorting tables; nothing is loaded from the network), drawn by {@code templates/report.html} from the report, its
 * {@link ReportView} (the figures as printed) and its {@link ReportCharts} (the chart geometry). Thymeleaf escapes
 * every value that comes from data.
 */
public class HtmlReport {

    public String render(RunReport r, List<TrialRow> rows, String runName) {
        return PageTemplates.page("report", Map.of("report", r, "view", ReportView.of(r, runName), "charts",
                ReportCharts.of(r, rows)));
    }
}
