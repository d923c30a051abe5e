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
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(directory.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive " + directory + " to " + target + ": " + e.getMessage(), e);
        }
        return target.toUri();
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
