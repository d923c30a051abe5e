package io.benchfleet.manager.report.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.benchfleet.manager.report.RunReport;

/**
 * What the end of a run says, in a few lines for people who were asleep: the headline (mean reward, pass rate and its
 * interval), the coverage (and whether the run is comparable), the regression verdict and where the report is.
 * Kept in the run's job execution context by the report step, sent by {@link RunNotifier} when the job ends.
 */
public record RunNotice(String spec, long jobExecutionId, String run, String status, String headline,
        String coverage, String verdict, String location) {

    /** The notice of a written report; {@code location} is the report directory (ending in '/'). */
    public static RunNotice of(RunReport r, String run, String location) {
        String headline = String.format(Locale.ROOT, "mean reward %.3f, pass rate %.1f%% (95%% CI %.1f-%.1f%%) over %d "
                        + "trials", r.meanReward(), 100 * r.passRate(), 100 * r.passRateCi95()[0],
                100 * r.passRateCi95()[1], r.trials());
        RunReport.Coverage c = r.coverage();
        String coverage = String.format(Locale.ROOT, "%.1f%% of %d planned trials scored%s", 100 * c.scoredFraction(),
                c.planned(), c.comparable() ? "" : " - not comparable (below the " + Math.round(100 * c.minCoverage())
                        + "% gate)");
        RunReport.Regression g = r.regression();
        String verdict = g == null ? "no earlier completed run to compare with"
                : String.format(Locale.ROOT, "%s against run %d (%s): pass rate %.1f%% -> %.1f%% (%+.1f pp)%s",
                        g.verdict(), g.baselineJobExecutionId(), g.baselineRun(), 100 * g.baselinePassRate(),
                        100 * (g.baselinePassRate() + g.passRateDelta()), 100 * g.passRateDelta(),
                        g.withheldReason() == null ? "" : "; verdict withheld");
        return new RunNotice(r.spec(), r.jobExecutionId(), run, r.runStatus(), headline, coverage, verdict, location);
    }

    /** The notice of a run whose report could not be written. */
    public static RunNotice withoutReport(String spec, long jobExecutionId, String run, String status) {
        return new RunNotice(spec, jobExecutionId, run, status, "no report was written (see the manager's log)", "-",
                "-", null);
    }

    /** This notice with the job's final status (the report step runs before the job ends). */
    public RunNotice withStatus(String finalStatus) {
        return new RunNotice(spec, jobExecutionId, run, finalStatus, headline, coverage, verdict, location);
    }

    /** One line: the SNS subject (at most 100 characters, as SNS requires). */
    public String subject() {
        String s = "benchfleet " + spec + " run " + jobExecutionId + " " + status;
        return s.length() <= 100 ? s : s.substring(0, 99) + "…";
    }

    /** The notice as plain text (the SNS message), the report link last. */
    public String text(String link) {
        return subject() + (run == null ? "" : " (" + run + ")") + "\n" + "Result: " + headline + "\n" + "Coverage: "
                + coverage + "\n" + "Regression: " + verdict + "\n" + "Report: " + (link == null ? "-" : link) + "\n";
    }

    /** Slack-compatible JSON: {@code text} (the fallback every client shows) and Block Kit {@code blocks}. */
    public Map<String, Object> slackMessage(String link) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", subject())));
        blocks.add(Map.of("type", "section", "fields", List.of(
                field("*Result*\n" + headline), field("*Coverage*\n" + coverage),
                field("*Regression*\n" + verdict), field("*Report*\n" + (link == null ? "-" : "<" + link + ">")))));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", text(link));
        message.put("blocks", blocks);
        return message;
    }

    private static Map<String, String> field(String markdown) {
        return Map.of("type", "mrkdwn", "text", markdown);
    }
}
