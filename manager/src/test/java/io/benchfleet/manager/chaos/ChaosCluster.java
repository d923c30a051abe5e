package io.benchfleet.manager.chaos;

import java.time.Duration;

import io.benchfleet.manager.it.LoopbackCluster;

/**
 * The chaos suite's cluster: short queue visibility and lease so that a killed worker's partition comes back within
 * seconds (the heartbeat extends live ones), logs in {@code target/chaos-logs/<scenario>/}.
 */
final class ChaosCluster extends LoopbackCluster {

    static final String QUEUE = "chaos";
    static final int VISIBILITY_SECONDS = 4;
    static final int MAX_RECEIVE_COUNT = 3;
    static final Duration LEASE = Duration.ofSeconds(3);

    ChaosCluster(String scenario) {
        super(scenario, new Settings("chaos", QUEUE, VISIBILITY_SECONDS, MAX_RECEIVE_COUNT, LEASE,
                Duration.ofSeconds(1)));
    }
}
