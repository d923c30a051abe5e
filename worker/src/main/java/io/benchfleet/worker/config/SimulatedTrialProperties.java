package io.benchfleet.worker.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.worker.simulated.*}: the rehearsal executor's duration model and outcome mix.
 *
 * <p>Durations are log-normal around {@code medianDuration} with shape {@code durationSigma} (heavy right tail, as
 * real agent trials are), clipped to [minDuration, maxDuration]. Rates are probabilities per trial.
 */
@ConfigurationProperties("benchfleet.worker.simulated")
public record SimulatedTrialProperties(
        Duration medianDuration,
        Double durationSigma,
        Duration minDuration,
        Duration maxDuration,
        Double passRate,
        Double agentTimeoutRate,
        Double agentErrorRate,
        Double verifierErrorRate,
        Double infraFailureRate,
        Long seed,
        Path durationsFile,
        Double timeScale) {

    public SimulatedTrialProperties {
        medianDuration = medianDuration == null ? Duration.ofSeconds(2) : medianDuration;
        durationSigma = durationSigma == null ? 0.5 : durationSigma;
        minDuration = minDuration == null ? Duration.ZERO : minDuration;
        maxDuration = maxDuration == null ? medianDuration.multipliedBy(10) : maxDuration;
        passRate = passRate == null ? 0.6 : passRate;
        agentTimeoutRate = agentTimeoutRate == null ? 0.05 : agentTimeoutRate;
        agentErrorRate = agentErrorRate == null ? 0.02 : agentErrorRate;
        verifierErrorRate = verifierErrorRate == null ? 0.01 : verifierErrorRate;
        infraFailureRate = infraFailureRate == null ? 0.0 : infraFailureRate;
        seed = seed == null ? 42L : seed;
        timeScale = timeScale == null ? 1.0 : timeScale;
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("benchfleet.worker.simulated.time-scale must be > 0 (60 runs a "
                    + "15-minute trial in 15 s), was " + timeScale);
        }
        double failures = agentTimeoutRate + agentErrorRate + verifierErrorRate + infraFailureRate;
        if (passRate < 0 || passRate > 1 || failures > 1 || Math.min(Math.min(agentTimeoutRate, agentErrorRate),
                Math.min(verifierErrorRate, infraFailureRate)) < 0) {
            throw new IllegalArgumentException("benchfleet.worker.simulated rates must be probabilities whose "
                    + "failure rates add up to at most 1");
        }
    }
}
