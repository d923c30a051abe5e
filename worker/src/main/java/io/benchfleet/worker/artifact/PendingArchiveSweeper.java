package io.benchfleet.worker.artifact;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.result.PendingArchive;
import io.benchfleet.worker.result.TrialResultRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the archives the store refused while a trial was being recorded: every {@code sweep-interval} it takes
 * this worker's {@code trial_result} rows still PENDING, stores their directories (kept on this host's disk for that),
 * fills in {@code artifact_uri} and removes the local copy. A directory that is gone (the jobs directory was
 * emptied) is marked LOST with an error in the log. The trial itself is never run again for its archive: its result
 * was committed when it finished.
 */
public class PendingArchiveSweeper {

    private static final Logger log = LoggerFactory.getLogger(PendingArchiveSweeper.class);

    private final TrialResultRepository results;
    private final TrialArchiver archiver;
    private final LocalTrialDirectories localDirectories;
    private final Path jobsRoot;
    private final String host;

    public PendingArchiveSweeper(TrialResultRepository results, TrialArchiver archiver,
            LocalTrialDirectories localDirectories, Path jobsRoot, String host) {
        this.results = results;
        this.archiver = archiver;
        this.localDirectories = localDirectories;
        this.jobsRoot = jobsRoot;
        this.host = host;
    }

    /** One sweep; returns how many pending archives it completed. Failures are logged, never thrown. */
    public int sweep() {
        List<PendingArchive> pending;
        try {
            pending = results.pendingArchives(host);
        } catch (RuntimeException e) {
            log.warn("archive sweep: cannot read the pending archives of {}: {}", host, e.getMessage());
            return 0;
        }
        int done = 0;
        for (PendingArchive p : pending) {
            Path stepDir = jobsRoot.resolve("se-" + p.stepExecutionId());
            Path jobDir = stepDir.resolve(p.partitionKey());
            String trialPath = ArtifactStore.trialPath(p.jobExecutionId(), p.partitionKey());
            Optional<URI> movedBefore = archiver.alreadyStored(jobDir, trialPath);
            if (movedBefore.isPresent()) {
                // moved into the store by a worker that stopped before it recorded that
                if (results.markArchived(p.stepExecutionId(), movedBefore.get())) {
                    done++;
                    log.info("archive sweep: partition {} (step execution {}) was stored at {} already; recorded now",
                            p.partitionKey(), p.stepExecutionId(), movedBefore.get());
                }
                localDirectories.remove(stepDir);
                continue;
            }
            if (!Files.isDirectory(jobDir)) {
                if (results.markLost(p.stepExecutionId())) {
                    log.error("archive sweep: the trial directory {} of partition {} (step execution {}) is gone; "
                            + "its result stays recorded without artifacts", jobDir, p.partitionKey(),
                            p.stepExecutionId());
                }
                continue;
            }
            Optional<URI> uri = archiver.archive(jobDir, trialPath, false);
            if (uri.isEmpty()) {
                return done; // the store still fails: try again next time, in the same order
            }
            if (results.markArchived(p.stepExecutionId(), uri.get())) {
                done++;
                log.info("archive sweep: stored partition {} (step execution {}) at {}", p.partitionKey(),
                        p.stepExecutionId(), uri.get());
            }
            localDirectories.remove(stepDir);
        }
        return done;
    }
}
