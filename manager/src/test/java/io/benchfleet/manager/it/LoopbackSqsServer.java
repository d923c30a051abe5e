package io.benchfleet.manager.it;


import io.benchfleet.manager.local.EmbeddedSqs;

/**
 * ElasticMQ as its own process on loopback, like SQS in production is not part of the manager: creates the queue and
 * its dead-letter queue the way {@link EmbeddedSqs} (and terraform) do, prints {@code SQS-PORT <port>} and
 * runs until killed or until its parent (the test JVM) is gone.
 *
 * <p>Arguments: {@code queue visibilityTimeoutSeconds maxReceiveCount}.
 */
public final class LoopbackSqsServer {

    private LoopbackSqsServer() {
    }

    public static void main(String[] args) throws Exception {
        String queue = args[0];
        int visibility = Integer.parseInt(args[1]);
        int maxReceiveCount = Integer.parseInt(args[2]);
        // the same server and queues as --local, in a process of its own (EmbeddedSqs stops with the JVM)
        int port = EmbeddedSqs.start(queue, visibility, maxReceiveCount).endpoint().getPort();
        System.out.println("SQS-PORT " + port);
        System.out.flush();
        // never outlive the test JVM, even when it is killed itself
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime()
                .halt(0)));
        Thread.currentThread().join();
    }
}
