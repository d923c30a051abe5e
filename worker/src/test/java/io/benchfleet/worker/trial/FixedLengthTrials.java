package io.benchfleet.worker.trial;

import java.time.Clock;
import java.time.Duration;

import io.benchfleet.worker.config.SimulatedTrialProperties;

/** The simulated executor with every trial lasting exactly {@code length}, no failures: the step tests' trials. */
final class FixedLengthTrials {

    private FixedLengthTrials() {
    }

    static TrialExecutor lasting(Duration length) {
        return new SimulatedTrialExecutor(new SimulatedTrialProperties(length, 0.0, length, length, null, 0.0, 0.0,
                0.0, 0.0, null, null, null), Clock.systemUTC());
    }
}
