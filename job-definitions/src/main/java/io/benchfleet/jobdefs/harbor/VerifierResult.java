package io.benchfleet.jobdefs.harbor;

import java.util.Map;

/**
 * What the verifier produced: Harbor's {@code VerifierResult} ({@code harbor/models/verifier/result.py}).
 *
 * @param rewards {@code {"reward": 1.0}} from {@code reward.txt}, or the named rewards of {@code reward.json};
 *                absent when the trial was not scored. Values that are not finite numbers read as {@code null}.
 */
public record VerifierResult(Map<String, Double> rewards) {
}
