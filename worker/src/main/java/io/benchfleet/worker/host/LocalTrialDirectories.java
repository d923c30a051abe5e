package io.benchfleet.worker.host;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a trial's local directory once it is archived, and never quietly fails to: a file that cannot be deleted
 * (typically one a root container left behind, with the worker running as another user) is logged at ERROR with its
 * owner and what to do, and counted, and the count shows in the worker's health ({@code trialDirsNotRemoved}), since
 * left-over trial directories fill the disk over a night.
 */
public class LocalTrialDirectories {

    private static final Logger log = LoggerFactory.getLogger(LocalTrialDirectories.class);

    private final AtomicInteger notRemoved = new AtomicInteger();
    private volatile String lastFailure;

    /** What a removal left behind: nothing ({@code left == 0}) or {@code left} files, the first {@code example}. */
    public record Removal(int left, String example) {

        public boolean complete() {
            return left == 0;
        }
    }

    /** Deletes {@code dir} and everything under it; a missing directory is already removed. */
    public Removal remove(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return new Removal(0, null);
        }
        int[] left = {0};
        String[] example = {null};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    fail(file, e);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    delete(d);
                    return FileVisitResult.CONTINUE;
                }

                private void delete(Path p) {
                    try {
                        Files.delete(p);
                    } catch (NoSuchFileException e) {
                        // gone already
                    } catch (IOException e) {
                        fail(p, e);
                    }
                }

                private void fail(Path p, IOException e) {
                    left[0]++;
                    if (example[0] == null) {
                        example[0] = p + " (" + owner(p) + ": " + e.getClass().getSimpleName() + ")";
                    }
                }
            });
        } catch (IOException e) {
            left[0]++;
            example[0] = dir + " (" + e.getMessage() + ")";
        }
        if (left[0] > 0) {
            notRemoved.incrementAndGet();
            lastFailure = dir + ": " + left[0] + " entries left, e.g. " + example[0];
            log.error("could not remove the local trial directory {}: {} entries are left, e.g. {}; they fill the "
                    + "disk until removed: make the worker's user own the jobs directory "
                    + "(benchfleet.worker.docker.trial-owner) or remove them as root", dir, left[0], example[0]);
        }
        return new Removal(left[0], example[0]);
    }

    /** How many trial directories could not be removed since the worker started. */
    public int notRemoved() {
        return notRemoved.get();
    }

    /** The last directory that could not be removed, with an example entry; null if none. */
    public String lastFailure() {
        return lastFailure;
    }

    private static String owner(Path p) {
        try {
            return "owned by uid " + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return "owner unknown";
        }
    }
}
