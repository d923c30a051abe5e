package io.benchfleet.manager.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.benchfleet.jobdefs.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** report.json (golden file), trials.csv, summary.md and the regression analysis on fixed trial rows. */
class ReportFilesTest {

    static final Path GOLDEN = Path.of("src/test/resources/report/golden-report.json");

    @Test
    void reportJsonMatchesTheGoldenFile() throws IOException {
        String json = Json.pretty(ReportFixtures.currentReport()) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, json, StandardCharsets.UTF_8);
        }
        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode expected = mapper.readTree(Files.readString(GOLDEN));
        JsonNode actual = mapper.readTree(json);
        assertThat(actual).as("regenerate with -Dgolden.update=true after checking the change").isEqualTo(expected);
        assertThat(actual.get("schemaVersion").asInt()).isEqualTo(3);
        assertThat(actual.get("missingPartitionKeys").toString()).isEqualTo("[\"zeta__a01\",\"zeta__a02\"]");
        assertThat(actual.get("regression").get("verdict").asString()).isNotBlank();
    }

    @Test
    void regressionFindsFlipsInBothDirectionsWithFisherPValues() {
        RunReport.Regression g = ReportFixtures.currentReport().regression();

        // current 4,3,0,2,1,4 vs baseline 4,1,4,2,1,0 passes of 4: 14/24 vs 12/24
        assertThat(g.baselineJobExecutionId()).isEqualTo(5);
        assertThat(g.baselineRun()).isEqualTo("nightly-2025-02-28");
        assertThat(g.baselinePassed()).isEqualTo(12);
        assertThat(g.passRateDelta()).isEqualTo(14 / 24.0 - 12 / 24.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(g.pValue()).isEqualTo(RewardStatistics.twoProportionZ(14, 24, 12, 24).pValue());
        assertThat(g.verdict()).isEqualTo(RegressionAnalysis.NO_CHANGE);
        assertThat(g.tasksCompared()).isEqualTo(6);
        assertThat(g.flippedToFailed()).isEqualTo(1);
        assertThat(g.flippedToPassed()).isEqualTo(2);
        assertThat(g.taskChanges()).extracting(RunReport.TaskChange::task)
                .containsExactly("largest-eigenval", "sqlite-with-gcov", "fix-git");
        RunReport.TaskChange eigen = g.taskChanges().get(0);
        assertThat(eigen.flip()).isEqualTo(RegressionAnalysis.TO_FAILED);
        assertThat(eigen.pValue()).isCloseTo(0.02857143, org.assertj.core.api.Assertions.within(1e-7));
        assertThat(eigen.significant()).isTrue();
        RunReport.TaskChange git = g.taskChanges().get(2);
        assertThat(git.flip()).isEqualTo(RegressionAnalysis.TO_PASSED);
        assertThat(git.pValue()).isCloseTo(0.4857143, org.assertj.core.api.Assertions.within(1e-7));
        assertThat(git.significant()).isFalse();
    }

    @Test
    void verdictIsWorseOrBetterOnlyWhenSignificant() {
        RunReport before = report(List.of(trial("a", 1, true), trial("a", 2, true), trial("b", 1, true),
                trial("b", 2, true), trial("c", 1, true), trial("c", 2, true), trial("d", 1, true),
                trial("d", 2, true)));
        RunReport after = report(List.of(trial("a", 1, false), trial("a", 2, false), trial("b", 1, false),
                trial("b", 2, false), trial("c", 1, false), trial("c", 2, false), trial("d", 1, false),
                trial("d", 2, false)));

        assertThat(new RegressionAnalysis().compare(after, before, "x").verdict()).isEqualTo("worse");
        assertThat(new RegressionAnalysis().compare(before, after, "x").verdict()).isEqualTo("better");
        assertThat(new RegressionAnalysis().compare(before, before, "x").verdict())
                .isEqualTo("no significant change");
        assertThat(new RegressionAnalysis().compare(after, before, "x").flippedToFailed()).isEqualTo(4);
    }

    @Test
    void csvHasOneRowPerTrialAndQuotesPerRfc4180() {
        String csv = TrialsCsv.render(ReportFixtures.current());
        List<String> records = parseCsv(csv);

        assertThat(csv).startsWith("partition_key,task,attempt,reward,passed,failure_class,exception_type,"
                + "exception_message,input_tokens,cache_tokens,output_tokens,cost_usd,started_at,finished_at,"
                + "duration_ms,host,artifact_uri\r\n").endsWith("\r\n");
        assertThat(records).hasSize(25 * 17);
        assertThat(csv).contains("\"tests failed: expected \"\"42\"\", got <none>, 3 of 5 passed\"")
                .contains("\"docker: Error response from daemon\nline 2\"");
        assertThat(TrialsCsv.field("plain")).isEqualTo("plain");
        assertThat(TrialsCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(TrialsCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(TrialsCsv.field("cr\rlf")).isEqualTo("\"cr\rlf\"");
        assertThat(TrialsCsv.field(null)).isEmpty();
        assertThat(TrialsCsv.field(Instant.parse("2025-03-01T10:00:00Z"))).isEqualTo("2025-03-01T10:00:00Z");
    }

    @Test
    void summaryHasTheRegressionLineAndTheMissingPartitions() {
        String md = new SummaryMarkdown().render(ReportFixtures.currentReport());

        assertThat(md).contains("- Regression vs run 5 (nightly-2025-02-28): **no significant change** - pass rate "
                + "50.0% -> 58.3% (+8.3 pp, z-test p=").contains("3 of 6 tasks flipped (1 passed->failed, 2 "
                + "failed->passed)").contains("- Missing partitions: zeta__a01, zeta__a02\n")
                .contains("partial: 2 of 26 partitions");
        assertThat(new SummaryMarkdown().render(ReportFixtures.baselineReport()))
                .contains("- Regression: no earlier completed run of this spec to compare with");
    }

    /** A minimal RFC 4180 reader: returns all fields of all records, checking each record's field count. */
    static List<String> parseCsv(String csv) {
        List<String> fields = new java.util.ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        int perRecord = -1;
        int inRecord = 0;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
                inRecord++;
            } else if (c == '\r' && csv.charAt(i + 1) == '\n') {
                fields.add(f.toString());
                f.setLength(0);
                inRecord++;
                if (perRecord >= 0) {
                    assertThat(inRecord).as("fields in record ending at " + i).isEqualTo(perRecord);
                }
                perRecord = inRecord;
                inRecord = 0;
                i++;
            } else {
                f.append(c);
            }
        }
        return fields;
    }

    private static TrialRow trial(String task, int attempt, boolean passed) {
        Instant start = ReportFixtures.STARTED.plusSeconds(attempt * 60L);
        return new TrialRow(task + "__a0" + attempt, task, attempt, passed ? 1.0 : 0.0, passed, "NONE", null, null,
                1L, 0L, 1L, 0.01, start, start.plusSeconds(30), 30_000L, "h1", null);
    }

    private static RunReport report(List<TrialRow> rows) {
        return new RunReportBuilder().build("s", 1, 1, "COMPLETED", ReportFixtures.STARTED, rows.size(), rows,
                ReportFixtures.NOW);
    }
}
