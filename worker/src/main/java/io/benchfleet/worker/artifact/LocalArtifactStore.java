package io.benchfleet.worker.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/** Artifacts in a local directory (embedded mode, tests). */
public class LocalArtifactStore implements ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(LocalArtifactStore.class);

    private final Path root;

    public LocalArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * A new archive is copied beside its place and renamed into it, so a stored directory is either whole or absent
     * ({@link #find}); one more attempt of a partition already stored merges into it file by file.
     */
    @Override
    public URI storeDirectory(Path directory, String relativePath) {
        Path target = resolve(relativePath);
        if (Files.isDirectory(target)) {
            copyTree(directory, target);
            return target.toUri();
        }
        Path staging = staging(target);
        try {
            copyTree(directory, staging);
            rename(staging, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + directory + " at " + target + ": " + e.getMessage(), e);
        } finally {
            removeLeftOver(staging);
        }
        return target.toUri();
    }

    /**
     * Renames the directory into the store - one step on the same file system, where a copy writes every file again
     * and the caller then deletes every one. Into an existing archive, or across file systems, it is copied instead
     * and left for the caller to remove.
     */
    @Override
    public URI moveDirectory(Path directory, String relativePath) {
        Path target = resolve(relativePath);
        if (!Files.isDirectory(target)) {
            try {
                Files.createDirectories(target.getParent());
                rename(directory, target);
                return target.toUri();
            } catch (AtomicMoveNotSupportedException e) {
                // another file system: copied below
            } catch (IOException e) {
                if (Files.isDirectory(target) || !Files.isDirectory(directory)) {
                    throw new UncheckedIOException("cannot move " + directory + " to " + target + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return storeDirectory(directory, relativePath);
    }

    /** A stored directory is whole once it is there: it is renamed into place ({@link #storeDirectory}). */
    @Override
    public Optional<URI> find(String relativePath) {
        Path target = resolve(relativePath);
        return Files.isDirectory(target) ? Optional.of(target.toUri()) : Optional.empty();
    }

    private static Path staging(Path target) {
        return target.resolveSibling(".staging-" + target.getFileName() + "-" + UUID.randomUUID());
    }

    /** A staging copy that failed half way is removed; a staging directory renamed into place is gone already. */
    private static void removeLeftOver(Path staging) {
        try {
            FileSystemUtils.deleteRecursively(staging);
        } catch (IOException e) {
            log.warn("cannot remove the staging copy {}: {}", staging, e.getMessage());
        }
    }

    private static void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads any {@code file:} directory, in this store or another local one (a run archived elsewhere). */
    @Override
    public void fetchDirectory(URI stored, Path target) {
        if (!"file".equals(stored.getScheme())) {
            throw new IllegalArgumentException("artifact " + stored + " is not a local directory and the artifact "
                    + "store is local (" + root + "): set BENCHFLEET_ARTIFACTS_LOCATION=s3://bucket/prefix (and "
                    + "BENCHFLEET_ARTIFACTS_REGION) to read it");
        }
        Path source = Path.of(stored);
        if (!Files.isDirectory(source)) {
            throw new UncheckedIOException(new java.io.FileNotFoundException("artifact directory " + source
                    + " does not exist (moved or deleted)"));
        }
        copyTree(source, target);
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public URI storeFile(byte[] content, String relativePath, String contentType) {
        Path target = resolve(relativePath);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return target.toUri();
    }

    private Path resolve(String relativePath) {
        Path target = root.resolve(relativePath).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException("artifact path escapes the store: " + relativePath);
        }
        return target;
    }
}
