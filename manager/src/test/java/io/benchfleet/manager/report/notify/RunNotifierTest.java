package io.benchfleet.manager.report.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;
import io.benchfleet.jobdefs.Json;
import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.worker.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.test.MetaDataInstanceFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

/**
 * The end-of-run notice through real receivers: a local HTTP server standing in for a Slack webhook, and moto_server's
 * SNS (the topic delivers to an SQS queue the test reads). A receiver that fails or is not there is logged and never
 * fails the run.
 */
class RunNotifierTest {

    private static final RunNotice NOTICE = new RunNotice("terminal-bench-750", 42, "2026-11-23", "COMPLETED",
            "mean reward 0.598, pass rate 59.8% (95% CI 56.2-63.2%) over 750 trials",
            "96.0% of 750 planned trials scored", "worse against run 40 (2026-11-22): pass rate 63.0% -> 59.8% "
            + "(-3.2 pp)", "s3://bench/reports/42/");

    /** Every run that ends here is over (none was continued by another manager). */
    private static final Predicate<JobExecution> ALL_OVER = run -> false;

    private HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/T000/B000/secret-part", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String webhook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/T000/B000/secret-part";
    }

    private static NotifyProperties properties(String topic, String webhook, String baseUrl) {
        return new NotifyProperties(topic, webhook, baseUrl, null, null, null, null, Duration.ofSeconds(5));
    }

    private static JobExecution finishedRun(String schedule) {
        JobParametersBuilder params = new JobParametersBuilder().addString(RunParameters.SPEC, "terminal-bench-750")
                .addString(RunParameters.RUN_DATE, "2026-11-23");
        if (schedule != null) {
            params.addString(RunParameters.SCHEDULE, schedule, false);
        }
        JobExecution job = MetaDataInstanceFactory.createJobExecution("benchmarkJob", 7L, 42L,
                params.toJobParameters());
        job.getExecutionContext().putString(RunContextKeys.NOTICE, Json.MAPPER.writeValueAsString(NOTICE));
        job.setStatus(BatchStatus.COMPLETED);
        return job;
    }

    @Test
    void postsTheHeadlineCoverageVerdictAndLinkAsSlackCompatibleJson() {
        new RunNotifier(properties(null, webhook(), "https://bench.example.com/"), null, ALL_OVER)
                .afterJob(finishedRun(null));

        assertThat(bodies).hasSize(1);
        assertThat(contentTypes.get(0)).startsWith("application/json");
        JsonNode message = Json.MAPPER.readTree(bodies.get(0));
        String text = message.get("text").asString();
        assertThat(text).startsWith("benchfleet terminal-bench-750 run 42 COMPLETED (2026-11-23)\n")
                .contains("Result: mean reward 0.598, pass rate 59.8% (95% CI 56.2-63.2%) over 750 trials\n")
                .contains("Coverage: 96.0% of 750 planned trials scored\n")
                .contains("Regression: worse against run 40 (2026-11-22)")
                .endsWith("Report: https://bench.example.com/runs/42\n");
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
        assertThat(blocks.get(1).get("fields").toString()).contains("*Coverage*").contains("*Regression*")
                .contains("<https://bench.example.com/runs/42>");
    }

    @Test
    void aRunAnotherManagerContinuesIsNotAnnouncedHere() {
        new RunNotifier(properties(null, webhook(), null), null, run -> run.getId() == 42L).afterJob(finishedRun(null));

        assertThat(bodies).as("the manager that continues the run announces its end").isEmpty();
    }

    @Test
    void linksToTheStoredReportWithoutAServeAddress() {
        RunNotifier notifier = new RunNotifier(properties(null, webhook(), null), null, ALL_OVER);

        assertThat(notifier.link(NOTICE)).isEqualTo("s3://bench/reports/42/report.html");
    }

    @Test
    void aScheduledRunGoesToItsSchedulesTargetsAndAnUnknownScheduleToTheGlobalOnes() {
        List<String> unused = new CopyOnWriteArrayList<>();
        NotificationTargets.Routing routing = name -> name.equals("nightly-tb")
                ? new NotificationTargets(null, webhook()) : null;
        // the global target is a port nobody listens on: a scheduled run must not go there
        RunNotifier notifier = new RunNotifier(properties(null, "http://127.0.0.1:" + closedPort() + "/x", null),
                routing, ALL_OVER);

        notifier.afterJob(finishedRun("nightly-tb"));
        assertThat(bodies).hasSize(1);

        notifier.afterJob(finishedRun("another"));
        assertThat(bodies).as("went to the (closed) global target").hasSize(1);
        assertThat(unused).isEmpty();
    }

    @Test
    void aReceiverThatFailsOrIsNotThereNeverFailsTheRun() {
        status = 500;
        assertThatCode(() -> new RunNotifier(properties(null, webhook(), null), null, ALL_OVER)
                .afterJob(finishedRun(null)))
                .doesNotThrowAnyException();
        assertThat(bodies).as("it was tried").hasSize(1);

        assertThatCode(() -> new RunNotifier(properties("arn:aws:sns:us-east-1:123456789012:nope",
                "http://127.0.0.1:" + closedPort() + "/x", null), null, ALL_OVER).afterJob(finishedRun(null)))
                .doesNotThrowAnyException();
    }

    @Test
    void sendsNothingWithoutTargets() {
        new RunNotifier(properties(null, null, null), null, ALL_OVER).afterJob(finishedRun(null));

        assertThat(bodies).isEmpty();
    }

    @Test
    void saysSoWhenTheRunEndedWithoutAReport() {
        JobExecution job = finishedRun(null);
        job.getExecutionContext().remove(RunContextKeys.NOTICE);
        job.setStatus(BatchStatus.FAILED);

        new RunNotifier(properties(null, webhook(), null), null, ALL_OVER).afterJob(job);

        assertThat(Json.MAPPER.readTree(bodies.get(0)).get("text").asString())
                .startsWith("benchfleet terminal-bench-750 run 42 FAILED").contains("no report was written");
    }

    @Test
    void publishesToAnSnsTopicThatDeliversToAQueue() throws Exception {
        try (MotoServer moto = MotoServer.start()) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                    MotoServer.SECRET_KEY));
            try (SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(credentials).build();
                    SqsClient sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                            .credentialsProvider(credentials).build()) {
                String topic = sns.createTopic(b -> b.name("bench-nightly")).topicArn();
                String queue = sqs.createQueue(b -> b.queueName("inbox")).queueUrl();
                String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue)
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));

                new RunNotifier(new NotifyProperties(topic, null, null, MotoServer.REGION,
                        moto.endpoint().toString(), MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY,
                        Duration.ofSeconds(10)), null, ALL_OVER).afterJob(finishedRun(null));

                List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5)).messages();
                assertThat(received).hasSize(1);
                JsonNode envelope = Json.MAPPER.readTree(received.get(0).body());
                assertThat(envelope.get("Subject").asString()).isEqualTo("benchfleet terminal-bench-750 run 42 "
                        + "COMPLETED");
                assertThat(envelope.get("Message").asString()).contains("Result: mean reward 0.598")
                        .contains("Coverage: 96.0% of 750 planned trials scored")
                        .contains("Regression: worse against run 40")
                        .contains("Report: s3://bench/reports/42/report.html");
            }
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
