package io.benchfleet.manager.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import io.benchfleet.manager.run.RunStatusQuery;
import io.benchfleet.manager.report.ReportGenerator;
import io.benchfleet.worker.artifact.ArtifactStore;
import io.benchfleet.worker.artifact.LocalArtifactStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run's report files for {@code serve}. A finished run's stored report is served from a LOCAL artifact store
 * (generated there with {@link ReportGenerator} when absent, like {@code benchfleet report}); a running run's report
 * and any report of a non-local (S3) store are generated on the fly into a temporary directory, so serving never
 * writes to S3 and never leaves a stale partial report behind.
 */
public class ReportPages {

    private final JdbcTemplate jdbc;
    private final ArtifactStore store;
    private final RunStatusQuery status;
    private final Clock clock;

    public ReportPages(JdbcTemplate jdbc, ArtifactStore store, RunStatusQuery status, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.status = status;
        this.clock = clock;
    }

    /** One of {@link ReportGenerator#FILES} of job execution {@code id}; empty for an unknown run or file. */
    public Optional<byte[]> file(long id, String name) {
        if (!ReportGenerator.FILES.contains(name)) {
            return Optional.empty();
        }
        Optional<RunStatusQuery.RunStatus> found = status.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunStatusQuery.RunStatus run = found.get();
        if (run.finished() && store instanceof LocalArtifactStore local) {
            Path stored = local.root().resolve(ArtifactStore.reportPath(id, name));
            if (!Files.isRegularFile(stored)) {
                generator(local).generate(toRun(run));
            }
            return Optional.of(read(stored));
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("benchfleet-report-");
            LocalArtifactStore scratch = new LocalArtifactStore(tmp);
            generator(scratch).generate(toRun(run));
            return Optional.of(read(scratch.root().resolve(ArtifactStore.reportPath(id, name))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(tmp);
        }
    }

    private ReportGenerator generator(ArtifactStore target) {
        return ReportGenerator.over(jdbc, target, clock);
    }

    private static ReportGenerator.Run toRun(RunStatusQuery.RunStatus s) {
        return new ReportGenerator.Run(s.jobName(), s.spec(), s.run(), s.jobInstanceId(), s.jobExecutionId(),
                s.status(), s.startTime() == null ? null : s.startTime().atZone(ZoneId.systemDefault()).toInstant());
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans up
        }
    }
}
