package io.benchfleet.worker.testing;

import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a Docker daemon, a docker CLI for the stand-in's compose environments): on a
 * developer's machine a missing one skips the test with the reason printed; under {@code CI=true} it fails the test,
 * so a CI host without Docker cannot pass the host-hygiene suite by skipping it.
 */
public final class Prerequisite {

    private Prerequisite() {
    }

    /** Skips (locally) or fails (under CI) the calling test unless {@code present}. */
    public static void require(boolean present, String reason) {
        if (!present) {
            missing(reason);
        }
    }

    /** Skips (locally) or fails (under CI) the calling test: {@code reason} says what is missing and how to get it. */
    public static void missing(String reason) {
        missing(reason, System.getenv());
    }

    static void missing(String reason, Map<String, String> environment) {
        if (underCi(environment)) {
            System.out.println("[Prerequisite] FAILED (CI=true): " + reason);
            Assertions.fail("CI=true and a prerequisite is missing: " + reason);
        }
        System.out.println("[Prerequisite] SKIPPED: " + reason + " (under CI=true this fails)");
        Assumptions.abort(reason);
    }

    /** {@code CI} set to {@code true} (any case), as CI services and {@code .ci/run} set it. */
    static boolean underCi(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim());
    }
}
