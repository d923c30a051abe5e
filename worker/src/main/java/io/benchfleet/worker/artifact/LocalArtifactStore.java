package io.benchfleet.worker.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Artifacts in a local directory (embedded mode, tests). */
public class LocalArtifactStore implements ArtifactStore {

    private final Path root;

    public LocalArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public URI storeDirectory(Path directory, String relativePath) {
        Path target = resolve(relativePath);
        copyTree(directory, target);
        return target.toUri();
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
