package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import io.benchfleet.manager.it.TestDatabase;
import io.benchfleet.manager.local.EmbeddedSqs;
import io.benchfleet.manager.run.RunFence;
import io.benchfleet.worker.config.SqsClientConfiguration;
import io.benchfleet.worker.config.SqsProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The dead-letter sweep against a real SQS server (ElasticMQ) and the real PostgreSQL job repository. */
class DeadLetterSweeperTest {

    private static TestDatabase db;
    private static EmbeddedSqs sqs;
    private static SqsAsyncClient client;
    private static long ids = 7000;

    @BeforeAll
    static void start() {
        db = new TestDatabase();
        Flyway.configure().dataSource(db.url(), "postgres", "")
                .schemas((String) db.properties().get("spring.flyway.schemas"))
                .locations("classpath:db/migration").load().migrate();
        sqs = EmbeddedSqs.start("sweep", 30, 3);
        client = SqsClientConfiguration.newClient(properties("sweep"));
    }

    @AfterAll
    static void stop() {
        client.close();
        sqs.close();
        db.close();
    }

    private static SqsProperties properties(String queue) {
        return new SqsProperties(queue, EmbeddedSqs.REGION, sqs.endpoint(), EmbeddedSqs.ACCESS_KEY,
                EmbeddedSqs.SECRET_KEY, 10);
    }

    private static Supplier<String> lookup(String queue) {
        return () -> SqsClientConfiguration.queueUrl(client, properties(queue));
    }

    /** A job execution with one STARTING partition, driven by a manager at epoch 1. */
    private record Run(RunFence fence, long step) {
    }

    private static Run queuedPartition() {
        long instance = ids++;
        long execution = ids++;
        long step = ids++;
        db.jdbc().update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) VALUES "
                + "(?, 0, 'benchmarkJob', md5(?::text))", instance, instance);
        db.jdbc().update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, "
                + "status) VALUES (?, 0, ?, now(), 'STARTED')", execution, instance);
        db.jdbc().update("INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, "
                + "create_time, status) VALUES (?, 0, 'trial:fix-git__a01', ?, now(), 'STARTING')", step, execution);
        db.jdbc().update("INSERT INTO run_lease (job_instance_id, job_execution_id, epoch, owner, taken_at, "
                + "heartbeat_at) VALUES (?, ?, 1, 'manager-1', now(), now())", instance, execution);
        return new Run(new RunFence(instance, execution, 1), step);
    }

    private static void deadLetter(long jobExecutionId, long stepExecutionId) {
        try (SqsClient sync = sqs.client()) {
            sync.sendMessage(SendMessageRequest.builder().queueUrl(lookup("sweep-dlq").get())
                    .messageBody(new PartitionRequestCodec().encode(new PartitionRequest("trial", jobExecutionId,
                            stepExecutionId, "fix-git__a01"))).build());
        }
    }

    private static Map<String, Object> step(long stepExecutionId) {
        return db.jdbc().queryForMap("SELECT status, exit_code, exit_message FROM batch_step_execution WHERE "
                + "step_execution_id = ?", stepExecutionId);
    }

    private static int messagesIn(String queue) {
        try (SqsClient sync = sqs.client()) {
            return sync.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(lookup(queue).get())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).build())
                    .attributes().values().stream().mapToInt(Integer::parseInt).sum();
        }
    }

    @Test
    void aDeadLetteredRequestOfTheRunMarksItsPartitionFailedWithTheReasonAndLeavesTheQueue() {
        Run run = queuedPartition();
        deadLetter(run.fence().jobExecutionId(), run.step());

        int failed = new DeadLetterSweeper(client, lookup("sweep-dlq"), db.jdbc()).sweep(run.fence());

        assertThat(failed).isOne();
        assertThat(step(run.step())).containsEntry("status", "FAILED").containsEntry("exit_code", "DEAD_LETTER");
        assertThat((String) step(run.step()).get("exit_message")).startsWith("fix-git__a01: DEAD_LETTER: no worker "
                + "could process its request");
        assertThat(messagesIn("sweep-dlq")).isZero();
    }

    @Test
    void aDeadLetterQueueThatCannotBeReachedDoesNotFailTheRunAndIsSweptOnceItCanBe() {
        Run run = queuedPartition();
        deadLetter(run.fence().jobExecutionId(), run.step());
        AtomicInteger lookups = new AtomicInteger();
        Supplier<String> flaky = () -> {
            if (lookups.incrementAndGet() == 1) {
                throw new IllegalStateException("cannot reach SQS queue 'sweep-dlq': connection timed out");
            }
            return lookup("sweep-dlq").get();
        };
        DeadLetterSweeper sweeper = new DeadLetterSweeper(client, flaky, db.jdbc());

        assertThat(sweeper.sweep(run.fence())).as("the unreachable sweep").isZero();
        assertThat(step(run.step())).containsEntry("status", "STARTING");
        assertThat(sweeper.sweep(run.fence())).as("the next interval's sweep").isOne();
        assertThat(step(run.step())).containsEntry("status", "FAILED");
    }

    @Test
    void aDeadLetterQueueThatDoesNotExistIsReportedAndTheRunGoesOn() {
        Run run = queuedPartition();
        SqsAsyncClient unreachable = SqsClientConfiguration.newClient(new SqsProperties("gone", EmbeddedSqs.REGION,
                URI.create("http://127.0.0.1:1"), EmbeddedSqs.ACCESS_KEY, EmbeddedSqs.SECRET_KEY, 2));
        try (unreachable) {
            assertThat(new DeadLetterSweeper(client, lookup("no-such-dlq"), db.jdbc()).sweep(run.fence())).isZero();
            assertThat(new DeadLetterSweeper(unreachable, () -> "http://127.0.0.1:1/000000000000/gone", db.jdbc())
                    .sweep(run.fence())).as("a queue whose server is down").isZero();
        }
        assertThat(step(run.step())).containsEntry("status", "STARTING");
    }

    @Test
    void aManagerThatLostTheRunToAnotherMarksNothing() {
        Run run = queuedPartition();
        deadLetter(run.fence().jobExecutionId(), run.step());
        db.jdbc().update("UPDATE run_lease SET epoch = 2, owner = 'manager-2' WHERE job_instance_id = ?",
                run.fence().jobInstanceId());

        assertThat(new DeadLetterSweeper(client, lookup("sweep-dlq"), db.jdbc()).sweep(run.fence())).isZero();
        assertThat(step(run.step())).containsEntry("status", "STARTING");
    }
}
