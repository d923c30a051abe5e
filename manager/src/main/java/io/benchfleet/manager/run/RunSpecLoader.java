package io.benchfleet.manager.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.benchfleet.jobdefs.spec.BenchmarkSpec;
import io.benchfleet.jobdefs.spec.BenchmarkSpecReader;
import io.benchfleet.jobdefs.spec.InvalidSpecException;
import io.benchfleet.jobdefs.spec.SpecOverrides;

/**
 * Loads the effective spec of a run: the spec file, checked against the digest recorded when the run started (a
 * restart must plan the same partitions), with the run's overrides applied.
 */
public class RunSpecLoader {

    private final BenchmarkSpecReader reader = new BenchmarkSpecReader();

    public BenchmarkSpec load(RunParameters run) {
        BenchmarkSpec base = reader.read(Path.of(run.specFile()));
        String digest = digest(base);
        if (run.specDigest() != null && !run.specDigest().equals(digest)) {
            throw new InvalidSpecException(run.specFile() + ": changed since this run started (its tasks or "
                    + "settings differ from the recorded digest); restore the file to restart this run, or start a "
                    + "new run");
        }
        return SpecOverrides.apply(base, run.overrides());
    }

    /**
     * SHA-256 over the resolved spec's canonical text (including the contents of a task file), before overrides; the
     * same for a spec of one agent as before matrix specs, so runs started before them still restart.
     */
    public static String digest(BenchmarkSpec spec) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(spec.canonicalText().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
