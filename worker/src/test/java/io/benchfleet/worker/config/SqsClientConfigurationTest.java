package io.benchfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

class SqsClientConfigurationTest {

    @Test
    void aRequestOnAConnectionThatNeverAnswersFailsAfterTheStallBoundInsteadOfWaitingForEver() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // read nothing, answer nothing, never close
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            SqsProperties properties = new SqsProperties(endpoint + "/000000000000/q", "us-east-1", endpoint, "x",
                    "x", 4);
            long started = System.nanoTime();
            try (SqsAsyncClient client = SqsClientConfiguration.newClient(properties, Duration.ofSeconds(2))) {
                CompletableFuture<?> receive = client.receiveMessage(ReceiveMessageRequest.builder()
                        .queueUrl(properties.queue()).waitTimeSeconds(1).build());
                // the SDK's three attempts, each failing after the 2-s bound (a hung request would never complete)
                assertThatThrownBy(() -> receive.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(
                        software.amazon.awssdk.core.exception.SdkClientException.class);
            } finally {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void anOpenClientKeepsWorkingAfterTheCrtShutdownHookHasRunAsOnSigterm() throws Exception {
        // ElasticMQ, a real SQS protocol server
        SQSRestServer server = elasticMq();
        try (SqsAsyncClient client = SqsClientConfiguration.newClient(properties(server))) {
            String queue = client.createQueue(b -> b.queueName("shutdown")).get(10, TimeUnit.SECONDS).queueUrl();
            CRT.releaseShutdownRef(); // what the CRT's own JVM shutdown hook does on SIGTERM
            try {
                // without the client's own reference the CRT's event loops are gone and this never completes
                assertThat(client.getQueueAttributes(b -> b.queueUrl(queue)).get(10, TimeUnit.SECONDS)).isNotNull();
            } finally {
                CRT.acquireShutdownRef(); // give back the hook's reference for the rest of this JVM
            }
        } finally {
            server.stopAndWait();
        }
    }

    @Test
    void everySqsClientOfTheProcessCompletesItsResponsesOnTheSameFixedPoolOfResponseThreads() throws Exception {
        // ElasticMQ, a real SQS protocol server; the SDK's own pools would give each client up to eight new threads
        SQSRestServer server = elasticMq();
        try {
            SqsProperties properties = properties(server);
            Set<String> completedOn = ConcurrentHashMap.newKeySet();
            String caller = Thread.currentThread().getName();
            try (SqsAsyncClient first = SqsClientConfiguration.newClient(properties);
                    SqsAsyncClient second = SqsClientConfiguration.newClient(properties)) {
                String queue = first.createQueue(b -> b.queueName("threads")).get().queueUrl();
                for (int i = 0; i < 40; i++) {
                    for (SqsAsyncClient client : List.of(first, second)) {
                        client.getQueueAttributes(b -> b.queueUrl(queue)).thenRun(() -> completedOn.add(
                                Thread.currentThread().getName())).get(10, TimeUnit.SECONDS);
                    }
                }
            }
            completedOn.remove(caller); // a response that completed before its callback was attached
            assertThat(completedOn).isNotEmpty().allMatch(name -> name.startsWith("sqs-response-"))
                    .hasSizeLessThanOrEqualTo(SqsResponseThreads.THREADS);
        } finally {
            server.stopAndWait();
        }
    }

    private static SQSRestServer elasticMq() {
        return SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
    }

    private static SqsProperties properties(SQSRestServer server) {
        URI endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        return new SqsProperties("q", "us-east-1", endpoint, "x", "x", 4);
    }

    @Test
    void theStallBoundOutlastsTheLongestLongPoll() {
        // a long poll is silent for up to 20 s (SQS's WaitTimeSeconds maximum): the bound must not cut it
        assertThat(SqsClientConfiguration.STALL_BOUND).isGreaterThan(Duration.ofSeconds(20));
    }
}
