package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.Visibility;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The claim and the heartbeat against the real PostgreSQL (a scratch schema with the Batch columns used and the
 * {@code step_lease} table of {@code sql/V4__leases.sql}), the heartbeat's visibility changes against ElasticMQ.
 */
class StepClaimTest {

    private final String schema = "claim_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private SingleConnectionDataSource ds;
    private JdbcTemplate jdbc;

    @BeforeEach
    void createTable() {
        ds = new SingleConnectionDataSource(System.getenv().getOrDefault("BENCHFLEET_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/test"), "postgres", "", true);
        jdbc = new JdbcTemplate(ds);
        jdbc.execute("CREATE SCHEMA " + schema);
        jdbc.execute("SET search_path TO " + schema);
        jdbc.execute("CREATE TABLE batch_step_execution (step_execution_id BIGINT PRIMARY KEY, version BIGINT, "
                + "status VARCHAR(10), last_updated TIMESTAMP)");
        jdbc.update("INSERT INTO batch_step_execution VALUES (1, 0, 'STARTING', now()), (2, 3, 'COMPLETED', now())");
        jdbc.execute("CREATE TABLE step_lease (step_execution_id BIGINT PRIMARY KEY REFERENCES "
                + "batch_step_execution (step_execution_id), owner VARCHAR(250) NOT NULL, "
                + "token UUID NOT NULL, claimed_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    private StepClaim claim(Duration lease) {
        return new StepClaim(jdbc, lease);
    }

    /** A second session on the scratch schema (another worker's, or its transaction's), beside the claim's. */
    private SingleConnectionDataSource anotherSession() {
        SingleConnectionDataSource session = new SingleConnectionDataSource(ds.getUrl(), "postgres", "", true);
        new JdbcTemplate(session).execute("SET search_path TO " + schema);
        return session;
    }

    private void heartbeatAged(long stepExecutionId, Duration age) {
        jdbc.update("UPDATE step_lease SET heartbeat_at = now() - make_interval(secs => ?) WHERE step_execution_id "
                + "= ?", age.toSeconds(), stepExecutionId);
    }

    @AfterEach
    void dropSchema() {
        jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        ds.destroy();
    }

    @Test
    void onlyOneWorkerClaimsAStartingPartition() {
        StepClaim claim = claim(Duration.ofSeconds(90));
        assertThat(claim.claim(1, "w1/c0")).isPresent();
        assertThat(claim.claim(1, "w2/c0")).as("the duplicate delivery").isEmpty();
        assertThat(jdbc.queryForObject("SELECT status FROM batch_step_execution WHERE step_execution_id = 1",
                String.class)).isEqualTo("STARTED");
        assertThat(jdbc.queryForObject("SELECT version FROM batch_step_execution WHERE step_execution_id = 1",
                Long.class)).isEqualTo(1);
    }

    @Test
    void aCompletedPartitionIsNeverClaimed() {
        assertThat(claim(Duration.ofSeconds(90)).claim(2, "w1/c0")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT version FROM batch_step_execution WHERE step_execution_id = 2",
                Long.class)).isEqualTo(3);
    }

    @Test
    void aStepExecutionTheRepositoryDoesNotHaveIsNotClaimedAndHasNoStatus() {
        StepClaim claim = claim(Duration.ofSeconds(90));
        assertThat(claim.claim(99, "w1/c0")).isEmpty();
        assertThat(claim.status(99)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM step_lease", Integer.class)).isZero();
    }

    @Test
    void aRefusedClaimTellsWhyByTheStepsStatus() {
        StepClaim claim = claim(Duration.ofSeconds(90));
        claim.claim(1, "w1/c0");
        assertThat(claim.claim(1, "w2/c0")).isEmpty();
        assertThat(claim.status(1)).as("running elsewhere").contains(BatchStatus.STARTED);
        assertThat(claim.claim(2, "w2/c0")).isEmpty();
        assertThat(claim.status(2)).as("finished").contains(BatchStatus.COMPLETED);
    }

    @Test
    void aStepThatFailedBecauseTheRepositoryWasDownBecomesAnInfraFailureTheManagerRetries() {
        jdbc.execute("ALTER TABLE batch_step_execution ADD COLUMN exit_code VARCHAR(2500), "
                + "ADD COLUMN exit_message VARCHAR(2500)");
        jdbc.update("INSERT INTO batch_step_execution VALUES (3, 5, 'FAILED', now(), 'FAILED', 'stack trace'), "
                + "(4, 5, 'FAILED', now(), 'CONFIG', 'bad spec')");
        StepClaim claim = claim(Duration.ofSeconds(90));
        assertThat(claim.markInfraFailure(3, "trial:a__a01: INFRA failure: job repository unavailable")).isTrue();
        assertThat(jdbc.queryForMap("SELECT exit_code, exit_message, version FROM batch_step_execution WHERE "
                + "step_execution_id = 3")).containsEntry("exit_code", "INFRA").containsEntry("version", 6L)
                .containsEntry("exit_message", "trial:a__a01: INFRA failure: job repository unavailable");
        assertThat(claim.markInfraFailure(4, "x")).as("a CONFIG failure stays one").isFalse();
        assertThat(claim.markInfraFailure(2, "x")).as("a completed step is left alone").isFalse();
    }

    @Test
    void aPartitionWhoseWorkerStillBeatsIsNotTakenOver() {
        StepClaim claim = claim(Duration.ofSeconds(90));
        claim.claim(1, "w1/c0");
        heartbeatAged(1, Duration.ofSeconds(60));

        assertThat(claim.claim(1, "w2/c0")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT owner FROM step_lease WHERE step_execution_id = 1", String.class))
                .isEqualTo("w1/c0");
    }

    @Test
    void aDeadWorkersPartitionIsTakenOverOnceItsHeartbeatIsOlderThanTheLease() {
        StepClaim claim = claim(Duration.ofSeconds(90));
        StepClaim.Lease first = claim.claim(1, "w1/c0").orElseThrow();
        heartbeatAged(1, Duration.ofSeconds(91));

        StepClaim.Lease second = claim.claim(1, "w2/c0").orElseThrow();

        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(jdbc.queryForMap("SELECT owner, token FROM step_lease WHERE step_execution_id = 1"))
                .containsEntry("owner", "w2/c0").containsEntry("token", second.token());
        assertThat(jdbc.queryForObject("SELECT version FROM batch_step_execution WHERE step_execution_id = 1",
                Long.class)).as("claimed twice: two versions").isEqualTo(2);
    }

    @Test
    void aFinishedPartitionWhoseWorkersLeaseLapsedKeepsThatLeaseAndIsNotClaimed() {
        StepClaim claim = claim(Duration.ofSeconds(90));
        StepClaim.Lease first = claim.claim(1, "w1/c0").orElseThrow();
        jdbc.update("UPDATE batch_step_execution SET status = 'COMPLETED' WHERE step_execution_id = 1");
        heartbeatAged(1, Duration.ofSeconds(91));

        assertThat(claim.claim(1, "w2/c0")).isEmpty();

        assertThat(jdbc.queryForMap("SELECT owner, token FROM step_lease WHERE step_execution_id = 1"))
                .containsEntry("owner", "w1/c0").containsEntry("token", first.token());
        assertThat(jdbc.queryForObject("SELECT version FROM batch_step_execution WHERE step_execution_id = 1",
                Long.class)).as("only the first claim's version").isEqualTo(1);
    }

    @Test
    void aClaimThatMeetsThePartitionFinishingAtThatMomentWaitsForItAndIsRefused() throws Exception {
        StepClaim claim = claim(Duration.ofSeconds(90));
        StepClaim.Lease first = claim.claim(1, "w1/c0").orElseThrow();
        heartbeatAged(1, Duration.ofSeconds(91));
        int claimingBackend = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
        ExecutorService claiming = Executors.newSingleThreadExecutor();
        // the first worker (paused past its lease) writes its step's end while a second worker claims the redelivery
        try (SingleConnectionDataSource finishing = anotherSession()) {
            JdbcTemplate other = new JdbcTemplate(finishing);
            other.execute("BEGIN");
            other.update("UPDATE batch_step_execution SET status = 'COMPLETED', version = version + 1 "
                    + "WHERE step_execution_id = 1");
            Future<Optional<StepClaim.Lease>> second = claiming.submit(() -> claim.claim(1, "w2/c0"));
            // the claim waits on the finishing transaction's row lock (pg_locks shows its backend waiting)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (other.queryForObject("SELECT count(*) FROM pg_locks WHERE pid = ? AND NOT granted", Integer.class,
                    claimingBackend) == 0) {
                if (second.isDone()) {
                    second.get(); // a claim that failed says why
                }
                assertThat(second).as("the claim waits for the row lock").isNotDone();
                assertThat(System.nanoTime()).as("the claim waits for the row lock").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(second).isNotDone();
            other.execute("COMMIT");

            assertThat(second.get(10, TimeUnit.SECONDS)).isEmpty();
        } finally {
            claiming.shutdownNow();
        }
        assertThat(jdbc.queryForMap("SELECT owner, token FROM step_lease WHERE step_execution_id = 1"))
                .containsEntry("owner", "w1/c0").containsEntry("token", first.token());
        assertThat(jdbc.queryForObject("SELECT status FROM batch_step_execution WHERE step_execution_id = 1",
                String.class)).isEqualTo("COMPLETED");
    }

    @Test
    void aClaimDoesNotWaitForAResultRowBeingInsertedForItsStep() throws Exception {
        // a trial's result row references its step: the key-share lock its insert takes on the step's row (held until
        // the chunk commits) must not hold up a claim of that step, which finds the live lease and is refused at once
        StepClaim claim = claim(Duration.ofSeconds(90));
        claim.claim(1, "w1/c0").orElseThrow();
        jdbc.execute("CREATE TABLE trial_result (step_execution_id BIGINT REFERENCES batch_step_execution "
                + "(step_execution_id))");
        try (SingleConnectionDataSource recording = anotherSession()) {
            JdbcTemplate other = new JdbcTemplate(recording);
            other.execute("BEGIN");
            other.update("INSERT INTO trial_result VALUES (1)");

            ExecutorService claiming = Executors.newSingleThreadExecutor();
            try {
                assertThat(claiming.submit(() -> claim.claim(1, "w2/c0")).get(10, TimeUnit.SECONDS))
                        .as("refused at once: the lease is live").isEmpty();
            } finally {
                claiming.shutdownNow();
                other.execute("ROLLBACK");
            }
        }
    }

    @Test
    void aStepLeftUnknownByARepositoryOutageIsClaimedAgainOnceItsWorkersLeaseLapsed() {
        // Spring Batch writes UNKNOWN when it cannot tell whether a step's final state was saved
        StepClaim claim = claim(Duration.ofSeconds(90));
        claim.claim(1, "w1/c0").orElseThrow();
        jdbc.update("UPDATE batch_step_execution SET status = 'UNKNOWN' WHERE step_execution_id = 1");
        assertThat(claim.claim(1, "w2/c0")).as("while its worker's lease is live").isEmpty();
        heartbeatAged(1, Duration.ofSeconds(91));

        assertThat(claim.claim(1, "w2/c0")).isPresent();
        assertThat(jdbc.queryForObject("SELECT status FROM batch_step_execution WHERE step_execution_id = 1",
                String.class)).isEqualTo("STARTED");
    }

    @Test
    void theLeaseReadsTheSameFromSessionsInOtherTimeZones() {
        // the claimant's session in Tokyo (UTC+9), the one that wants to take over in Los Angeles (UTC-8 in
        // December): 17 hours apart, which a local-time column would misread as a 17-hour-old or future heartbeat
        StepClaim claim = claim(Duration.ofSeconds(90));
        jdbc.execute("SET TIME ZONE 'Asia/Tokyo'");
        claim.claim(1, "w1/c0");
        jdbc.execute("SET TIME ZONE 'America/Los_Angeles'");

        assertThat(claim.claim(1, "w2/c0")).as("a fresh heartbeat, whatever the zone").isEmpty();
        heartbeatAged(1, Duration.ofSeconds(91));
        jdbc.execute("SET TIME ZONE 'Asia/Tokyo'");
        assertThat(claim.claim(1, "w2/c0")).as("a heartbeat older than the lease, whatever the zone").isPresent();
    }

    @Test
    void theHeartbeatRenewsOnlyTheLeasesThisWorkerStillHolds() {
        StepClaim claim = claim(Duration.ofSeconds(90));
        jdbc.update("INSERT INTO batch_step_execution VALUES (3, 0, 'STARTING', now())");
        StepClaim.Lease mine = claim.claim(1, "w1/c0").orElseThrow();
        StepClaim.Lease taken = claim.claim(3, "w1/c1").orElseThrow();
        heartbeatAged(1, Duration.ofSeconds(60));
        heartbeatAged(3, Duration.ofSeconds(100));
        StepClaim.Lease takeover = claim.claim(3, "w2/c0").orElseThrow();
        heartbeatAged(3, Duration.ofSeconds(10));
        try (PartitionHeartbeat heartbeat = new PartitionHeartbeat(jdbc, Duration.ofHours(1), Duration.ofMinutes(5))) {
            heartbeat.started(mine, null);
            heartbeat.started(taken, null);

            heartbeat.beat();

            assertThat(ageSeconds(1)).as("this worker's own lease is renewed").isLessThan(5);
            assertThat(ageSeconds(3)).as("the lease another worker took over is left to it").isGreaterThan(5);
            assertThat(jdbc.queryForObject("SELECT token FROM step_lease WHERE step_execution_id = 3", UUID.class))
                    .isEqualTo(takeover.token());
            assertThat(heartbeat.running()).as("the lost partition is no longer beaten for").isEqualTo(1);
        }
    }

    @Test
    void oneBeatExtendsAllTheMessagesAHostHoldsWithOneBatchRequestAndTheyStayHidden() throws Exception {
        // ElasticMQ (a real SQS protocol server) through the AWS SDK; requests counted by operation on the client
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion("us-east-1").start();
        Map<String, Integer> requests = new ConcurrentHashMap<>();
        URI endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        try (SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        requests.merge(context.request().getClass().getSimpleName(), 1, Integer::sum);
                    }
                })).build()) {
            String queue = sqs.createQueue(b -> b.queueName("beats").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).get().queueUrl();
            jdbc.update("INSERT INTO batch_step_execution VALUES (3, 0, 'STARTING', now()), (4, 0, 'STARTING', now())");
            List<String> handles = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("partition")).get();
            }
            while (handles.size() < 3) {
                sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(3)).get().messages()
                        .forEach(m -> handles.add(m.receiptHandle()));
            }
            StepClaim claim = claim(Duration.ofSeconds(90));
            try (PartitionHeartbeat heartbeat = new PartitionHeartbeat(jdbc, sqs, Duration.ofHours(1),
                    Duration.ofMinutes(5))) {
                long[] steps = {1, 3, 4};
                for (int i = 0; i < 3; i++) {
                    String handle = handles.get(i);
                    Visibility single = seconds -> sqs.changeMessageVisibility(b -> b.queueUrl(queue)
                            .receiptHandle(handle).visibilityTimeout(seconds)).thenApply(r -> null);
                    heartbeat.started(claim.claim(steps[i], "w1/c" + i).orElseThrow(),
                            new HeldMessage(single, queue, handle));
                }
                requests.clear();

                heartbeat.beat();
                Thread.sleep(3_000); // past the queue's 2-s visibility timeout

                assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)).get().messages())
                        .as("the three messages stay hidden: their visibility was extended to 5 minutes").isEmpty();
                assertThat(requests).containsEntry("ChangeMessageVisibilityBatchRequest", 1)
                        .doesNotContainKey("ChangeMessageVisibilityRequest");
            }
        } finally {
            server.stopAndWait();
        }
    }

    private double ageSeconds(long stepExecutionId) {
        return jdbc.queryForObject("SELECT EXTRACT(EPOCH FROM now() - heartbeat_at) FROM step_lease WHERE "
                + "step_execution_id = ?", Double.class, stepExecutionId);
    }

    @Test
    void aTrialStepStoppedOrFailedByTheRepositoryAfterItRecordedItsResultGetsThatOutcomeBack() {
        // Spring Batch interrupts a worker step at its final update once its job is STOPPED, and fails it when the
        // repository breaks after the row was committed: the step keeps the outcome the row says
        jdbc.execute("ALTER TABLE batch_step_execution ADD COLUMN exit_code VARCHAR(2500), "
                + "ADD COLUMN exit_message VARCHAR(2500)");
        jdbc.execute("CREATE TABLE trial_result (step_execution_id BIGINT, partition_key VARCHAR(200), "
                + "failure_class VARCHAR(20), exception_type VARCHAR(200), exception_message VARCHAR(2000))");
        jdbc.update("INSERT INTO batch_step_execution VALUES (5, 2, 'STOPPED', now(), 'STOPPED', ''), "
                + "(6, 2, 'STOPPED', now(), 'STOPPED', ''), (7, 2, 'STOPPED', now(), 'STOPPED', ''), "
                + "(8, 2, 'FAILED', now(), 'FAILED', 'Connection refused'), "
                + "(9, 2, 'COMPLETED', now(), 'COMPLETED', '')");
        jdbc.update("INSERT INTO trial_result VALUES (5, 'fix-git__a01', 'AGENT', 'AgentTimeoutError', 'slow'), "
                + "(6, 'fix-git__a02', 'INFRA', 'UnreadableResult', 'no result.json'), "
                + "(8, 'fix-git__a03', 'VERIFIER', 'TestsFailed', null), (9, 'fix-git__a04', 'NONE', null, null)");
        StepClaim claim = claim(Duration.ofSeconds(90));

        assertThat(claim.restoreOutcome(5)).contains("COMPLETED");
        assertThat(claim.restoreOutcome(6)).contains("FAILED");
        assertThat(claim.restoreOutcome(7)).as("stopped before it had a result").isEmpty();
        assertThat(claim.restoreOutcome(8)).as("failed by the repository after its row").contains("COMPLETED");
        assertThat(claim.restoreOutcome(9)).as("a finished step is left alone").isEmpty();
        assertThat(jdbc.queryForMap("SELECT status, exit_code, exit_message FROM batch_step_execution WHERE "
                + "step_execution_id = 6")).containsEntry("status", "FAILED").containsEntry("exit_code", "INFRA")
                .containsEntry("exit_message", "fix-git__a02: INFRA failure (UnreadableResult): no result.json");
        assertThat(jdbc.queryForObject("SELECT status FROM batch_step_execution WHERE step_execution_id = 7",
                String.class)).isEqualTo("STOPPED");
    }
}
