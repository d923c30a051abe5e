package io.benchfleet.manager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.benchfleet.manager.cli.BenchfleetCli;
import io.benchfleet.manager.it.CliRun;
import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.report.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code benchfleet serve} on a random port over a real job repository with three small local runs (mixed rewards,
 * all-pass, and one FAILED with failed partitions) and their local artifacts, with one nightly schedule configured: the runs page, a run's report (served
 * from the artifact store, or generated when absent), the JSON API, actuator health and Prometheus metrics, and the
 * pages in headless Chromium. The service is stopped through the actuator's shutdown endpoint, which the test
 * enables.
 */
class ServeIntegrationTest {

    static final Path EXAMPLES = Path.of("../job-definitions/examples");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static TestDatabase db;
    static Path stateDir;
    static long mixedRun;
    static long oracleRun;
    static long failedRun;
    static CompletableFuture<Integer> serve;
    static StringWriter serveOut = new StringWriter();
    static StringWriter serveErr = new StringWriter();
    static String base;

    @TempDir
    Path profile;

    @BeforeAll
    static void runsThenServe() throws Exception {
        db = new TestDatabase();
        stateDir = Files.createTempDirectory("benchfleet-serve-");
        mixedRun = run(fastTrials(0), "terminal-bench-750.yaml", "runId=nightly-mixed", "attempts=1", 0);
        oracleRun = run(fastTrials(0), "smoke-oracle.yaml", "runId=canary", null, 0);
        Map<String, Object> failing = fastTrials(0.4);
        failing.put("benchfleet.manager.infra-retries", "0");
        failedRun = run(failing, "smoke-oracle.yaml", "runId=flaky-infra", null, 1);
        // The report of the canary is gone: serve generates it.
        Files.delete(stateDir.resolve("artifacts/reports/" + oracleRun + "/report.html"));

        Map<String, Object> props = new HashMap<>(db.properties());
        props.put("management.endpoints.web.exposure.include", "health,prometheus,shutdown");
        props.put("management.endpoint.shutdown.access", "unrestricted");
        // A nightly schedule from configuration (it does not fire during the test); --local gives it a queue.
        props.put("benchfleet.schedules[0].name", "nightly-tb");
        props.put("benchfleet.schedules[0].cron", "0 0 2 * * *");
        props.put("benchfleet.schedules[0].zone", "Europe/Berlin");
        props.put("benchfleet.schedules[0].spec", EXAMPLES.resolve("terminal-bench-750.yaml").toString());
        props.put("benchfleet.schedules[0].params.attempts", "2");
        // its runs' notices go to its own webhook (a secret URL: never shown by /api/schedules)
        props.put("benchfleet.schedules[0].notifications.webhook-url", "http://127.0.0.1:9/hooks/T000/B000/"
                + "SCHEDULE-SECRET");
        serve = CompletableFuture.supplyAsync(() -> BenchfleetCli.execute(new String[] {"--state-dir",
                stateDir.toString(), "serve", "--port", "0", "--local", "--workers", "1"}, db.env(), props,
                new PrintWriter(serveOut, true),
                new PrintWriter(serveErr, true)));
        Pattern url = Pattern.compile("benchfleet serve: (http://localhost:\\d+/)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && !serve.isDone()) {
            Matcher m = url.matcher(serveOut.toString());
            if (m.find()) {
                base = m.group(1);
                break;
            }
            Thread.sleep(100);
        }
        assertThat(base).as("serve output: " + serveOut + serveErr).isNotNull();
    }

    @AfterAll
    static void stopServe() throws Exception {
        try {
            if (base != null) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "actuator/shutdown"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(serve.get(60, TimeUnit.SECONDS)).as(serveOut + "" + serveErr).isZero();
                assertThat(serveOut.toString()).contains("benchfleet serve stopped");
            }
        } finally {
            db.close();
        }
    }

    static Map<String, Object> fastTrials(double infraFailureRate) {
        Map<String, Object> props = new HashMap<>(db.properties());
        props.put("benchfleet.worker.simulated.median-duration", "5ms");
        props.put("benchfleet.worker.simulated.max-duration", "60ms");
        props.put("benchfleet.worker.simulated.infra-failure-rate", Double.toString(infraFailureRate));
        props.put("benchfleet.manager.poll-interval", "200ms");
        return props;
    }

    static long run(Map<String, Object> props, String spec, String runId, String extra, int expectedExit) {
        String[] args = extra == null
                ? new String[] {"--state-dir", stateDir.toString(), "run", "--spec", EXAMPLES.resolve(spec).toString(),
                        "--local", "--workers", "3", "--param", runId}
                : new String[] {"--state-dir", stateDir.toString(), "run", "--spec", EXAMPLES.resolve(spec).toString(),
                        "--local", "--workers", "3", "--param", runId, "--param", extra};
        CliRun run = CliRun.execute(db.env(), props, args);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(expectedExit);
        return run.jobExecutionId();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRunsPageListsEveryRunNewestFirstWithStatusProgressMeanRewardAndAReportLink() throws Exception {
        HttpResponse<String> page = get("");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String html = page.body();
        assertThat(html).contains("<title>benchfleet runs</title>", "terminal-bench-750", "nightly-mixed", "canary",
                "flaky-infra", "75/75", "6/6", "b-COMPLETED", "b-FAILED", "failed)", "1.000",
                "href=\"/runs/" + mixedRun + "\"", "href=\"/runs/" + oracleRun + "\"");
        assertThat(html.indexOf("flaky-infra")).isLessThan(html.indexOf("canary"));
        assertThat(html.indexOf("canary")).isLessThan(html.indexOf("nightly-mixed"));

        assertThat(html).contains("<table id=\"schedules\">", "nightly-tb", "0 0 2 * * *", "Europe/Berlin");
        assertThat(serveOut.toString()).contains("schedule nightly-tb: '0 0 2 * * *' (Europe/Berlin)");

        HttpResponse<String> filtered = get("?spec=smoke-oracle");
        assertThat(filtered.body()).contains("canary", "flaky-infra").doesNotContain("nightly-mixed");
    }

    @Test
    void aRunsPageServesItsStoredReportAndGeneratesOneThatIsAbsent() throws Exception {
        HttpResponse<String> stored = get("runs/" + mixedRun);
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String file = Files.readString(stateDir.resolve("artifacts/reports/" + mixedRun + "/report.html"));
        assertThat(stored.body().replaceFirst("<div id=\"serve-nav\".*?</div></div>", "")).isEqualTo(file);
        assertThat(stored.body()).contains("<a href=\"/\"", "benchfleet runs</a>");
        assertThat(stored.body()).contains("terminal-bench-750", "<svg id=\"chart-pass-rate\"");

        HttpResponse<String> generated = get("runs/" + oracleRun);
        assertThat(generated.statusCode()).isEqualTo(200);
        assertThat(generated.body()).contains("smoke-oracle", "canary");
        assertThat(stateDir.resolve("artifacts/reports/" + oracleRun + "/report.html")).exists();

        HttpResponse<String> json = get("runs/" + oracleRun + "/report.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(JsonMapper.builder().build().readTree(json.body()).isObject()).isTrue();

        assertThat(get("runs/987654").statusCode()).isEqualTo(404);
        assertThat(get("runs/" + oracleRun + "/secrets.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void theApiListsTheRunsAsJson() throws Exception {
        HttpResponse<String> api = get("api/runs");

        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode runs = JsonMapper.builder().build().readTree(api.body());
        assertThat(runs.size()).isEqualTo(3);
        assertThat(runs.get(0).get("jobExecutionId").asLong()).isEqualTo(failedRun);
        assertThat(runs.get(0).get("status").asString()).isEqualTo("FAILED");
        assertThat(runs.get(0).get("partitions").get("failed").asInt()).isPositive();
        assertThat(runs.get(2).get("jobExecutionId").asLong()).isEqualTo(mixedRun);
        assertThat(runs.get(2).get("partitions").get("completed").asInt()).isEqualTo(75);
        assertThat(runs.get(2).get("meanReward").asDouble()).isBetween(0.0, 1.0);

        assertThat(JsonMapper.builder().build().readTree(get("api/runs?spec=smoke-oracle&last=1").body()).size())
                .isEqualTo(1);
        assertThat(get("api/runs/" + oracleRun).body()).contains("\"run\":\"canary\"");
        assertThat(get("api/runs/987654").statusCode()).isEqualTo(404);
        JsonNode schedules = JsonMapper.builder().build().readTree(get("api/schedules").body());
        assertThat(schedules.size()).isEqualTo(1);
        assertThat(schedules.get(0).get("name").asString()).isEqualTo("nightly-tb");
        assertThat(schedules.get(0).get("zone").asString()).isEqualTo("Europe/Berlin");
        assertThat(schedules.get(0).get("params").get("attempts").asString()).isEqualTo("2");
        assertThat(schedules.get(0).get("next").asString()).contains("T02:00");
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetricsThatServeExposes() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(
                Files.readString(Path.of("../deploy/grafana/benchfleet.json")));
        List<String> exprs = new java.util.ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                exprs.add(target.get("expr").asString());
            }
        }
        java.util.Set<String> queried = new java.util.TreeSet<>();
        Matcher names = Pattern.compile("benchfleet_[a-z_]+").matcher(String.join("\n", exprs));
        while (names.find()) {
            queried.add(names.group());
        }
        String metrics = get("actuator/prometheus").body();
        java.util.Set<String> exposed = new java.util.TreeSet<>();
        Matcher series = Pattern.compile("(?m)^(benchfleet_[a-z_]+)[{ ]").matcher(metrics);
        while (series.find()) {
            exposed.add(series.group(1));
        }

        // what the issue asks the dashboard to show: partitions by state, queue depth, durations, failures, hosts
        assertThat(queried).contains("benchfleet_partitions", "benchfleet_queue_messages",
                "benchfleet_trial_duration_seconds", "benchfleet_trial_failures_total", "benchfleet_hosts_active",
                "benchfleet_trials_per_host");
        assertThat(exposed).as("metrics of serve").containsAll(queried);
        assertThat(get("api/schedules").body()).doesNotContain("SCHEDULE-SECRET").doesNotContain("hooks");
    }

    @Test
    void actuatorReportsDatabaseHealthAndPrometheusMetricsWithBenchfleetMeters() throws Exception {
        HttpResponse<String> health = get("actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"db\"", "\"sqsQueue\"", "\"visible\"");

        HttpResponse<String> metrics = get("actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("benchfleet_partitions{state=\"running\"}",
                "benchfleet_runs_running", "benchfleet_trial_failures_total{class=\"INFRA\"}");
        Matcher infra = Pattern.compile("benchfleet_trial_failures_total\\{class=\"INFRA\"} ([0-9.]+)")
                .matcher(metrics.body());
        assertThat(infra.find()).isTrue();
        assertThat(Double.parseDouble(infra.group(1))).isPositive();
        assertThat(metrics.body()).contains("benchfleet_queue_messages{state=\"visible\"}",
                "benchfleet_trial_duration_seconds{le=\"60\"}",
                "benchfleet_trial_duration_seconds{le=\"+Inf\"}", "benchfleet_hosts_active",
                "benchfleet_trials_per_host{host=");
    }

    @Test
    void serveRefusesABadScheduleWithOneLineAndExitCodeTwoBeforeServingAnything() {
        Map<String, Object> props = new HashMap<>(db.properties());
        props.put("benchfleet.schedules[0].name", "bad");
        props.put("benchfleet.schedules[0].cron", "nightly");
        props.put("benchfleet.schedules[0].spec", EXAMPLES.resolve("smoke-oracle.yaml").toString());

        CliRun refused = CliRun.execute(db.env(), props, "--state-dir", stateDir.toString(), "serve", "--port", "0");

        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error: benchfleet.schedules[0] (bad): cron 'nightly' is not a Spring "
                + "cron expression");
        assertThat(refused.out()).doesNotContain("benchfleet serve:");
    }

    @Test
    void theServedRunsPageAndAServedReportRenderInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        assumeTrue(Chromium.available(), "no chromium installed");

        Chromium.Result page = Chromium.run(profile.resolve("a"), base, "--dump-dom", "--virtual-time-budget=3000");
        assertThat(page.exitCode()).as(page.stderr()).isZero();
        assertThat(page.consoleMessages()).as("console").isEmpty();
        assertThat(page.stdout()).contains("<table id=\"runs\">", "nightly-mixed");

        Chromium.Result report = Chromium.run(profile.resolve("b"), base + "runs/" + mixedRun, "--dump-dom",
                "--virtual-time-budget=3000");
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        assertThat(report.consoleMessages()).as("console").isEmpty();
        assertThat(report.stdout()).contains("data-ready=\"1\"", "<svg id=\"chart-pass-rate\"");

        Path shot = Path.of("target/serve-screenshot.png").toAbsolutePath();
        Path reportShot = Path.of("target/serve-report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Files.deleteIfExists(reportShot);
        assertThat(Chromium.run(profile.resolve("c"), base, "--screenshot=" + shot, "--window-size=1400,700")
                .exitCode()).isZero();
        assertThat(Chromium.run(profile.resolve("d"), base + "runs/" + mixedRun, "--screenshot=" + reportShot,
                "--window-size=1400,1600").exitCode()).isZero();
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        assertThat(Files.size(reportShot)).isGreaterThan(20_000);
    }
}
