package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.benchfleet.jobdefs.message.MalformedPartitionRequestException;
import io.benchfleet.jobdefs.message.PartitionRequest;
import io.benchfleet.jobdefs.message.PartitionRequestCodec;
import io.benchfleet.worker.config.DiskProperties;
import io.benchfleet.worker.host.DiskGuard;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.unit.DataSize;

class PartitionIntakeTest {

    /** No repository, step or claim: a request that got past the gate would fail on them, not be released. */
    private final PartitionRequestHandler handler = new PartitionRequestHandler(null, null, null, null);

    private final List<Integer> visibilityChanges = new ArrayList<>();

    private final Visibility visibility = seconds -> {
        visibilityChanges.add(seconds);
        return CompletableFuture.completedFuture(null);
    };

    private Message<String> request(String partitionKey) {
        String body = new PartitionRequestCodec().encode(new PartitionRequest("trial", 7, 42, partitionKey));
        return MessageBuilder.withPayload(body).setHeader(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, visibility)
                .build();
    }

    @Test
    void aMessageDeliveredAfterTheStopBeganIsReleasedToTheQueueAndNotRun() {
        PartitionIntake intake = new PartitionIntake(handler);
        assertThat(intake.close()).isEmpty();

        assertThatThrownBy(() -> intake.accept(request("fix-git__a01"), "host-1/c0"))
                .isInstanceOf(PartitionIntake.WorkerStoppingException.class)
                .hasMessage("worker host-1/c0 is stopping: partition fix-git__a01 released to the queue for another "
                        + "host");
        assertThat(visibilityChanges).as("visible again at once").containsExactly(0);
    }

    @Test
    void aPoisonMessageIsLeftForTheDeadLetterQueueEvenWhileStopping() {
        PartitionIntake intake = new PartitionIntake(handler);
        intake.close();

        assertThatThrownBy(() -> intake.accept(MessageBuilder.withPayload("{not json").build(), "host-1/c0"))
                .isInstanceOf(MalformedPartitionRequestException.class);
        assertThat(visibilityChanges).isEmpty();
    }

    @Test
    void aHostShortOfDiskReleasesTheMessageToAnotherHostAndWaitsBeforeItPollsAgain() throws Exception {
        java.nio.file.Path jobs = java.nio.file.Files.createTempDirectory("intake-disk");
        long free = java.nio.file.Files.getFileStore(jobs).getUsableSpace();
        DiskGuard full = new DiskGuard(jobs, new DiskProperties(DataSize.ofBytes(free + (1L << 40)), List.of(),
                Duration.ofMillis(300)), Clock.systemUTC());
        PartitionIntake intake = new PartitionIntake(handler, full);
        long start = System.nanoTime();

        assertThatThrownBy(() -> intake.accept(request("fix-git__a01"), "host-1/c0"))
                .isInstanceOf(PartitionIntake.HostDrainingException.class)
                .hasMessageStartingWith("worker host-1/c0 is draining (disk: " + jobs)
                .hasMessageEndingWith("partition fix-git__a01 released to the queue for another host");

        assertThat(visibilityChanges).as("visible again at once").containsExactly(0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the slot waits recheck-after")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(intake.close()).as("not counted as running").isEmpty();
        java.nio.file.Files.delete(jobs);
    }
}
