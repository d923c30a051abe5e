package io.benchfleet.worker.artifact;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where trial directories and reports are kept: S3 in production ({@code s3://bucket/prefix/runs/...}), a local
 * directory in embedded mode. Layout: {@code runs/<jobExecutionId>/<partitionKey>/} for trials and
 * {@code reports/<jobExecutionId>/} for reports.
 */
public interface ArtifactStore {

    /** Copies the directory tree under {@code relativePath}; returns the URI of the stored directory. */
    URI storeDirectory(Path directory, String relativePath);

    /**
     * Stores the directory tree as {@link #storeDirectory} does, for a caller that removes the directory afterwards:
     * a store that can take it away instead of copying it (a local one, on the same file system) does. What is left
     * of {@code directory} is the caller's to remove.
     */
    default URI moveDirectory(Path directory, String relativePath) {
        return storeDirectory(directory, relativePath);
    }

    /**
     * The stored directory under {@code relativePath} when this store can tell it is there whole (a local store
     * renames each new archive into place); empty when it is not there or the store cannot tell.
     */
    default Optional<URI> find(String relativePath) {
        return Optional.empty();
    }

    /** Stores one file's bytes under {@code relativePath}; returns its URI. */
    URI storeFile(byte[] content, String relativePath, String contentType);

    /**
     * Copies a stored directory ({@code stored}, as {@link #storeDirectory} returned it) into {@code target}.
     *
     * @throws IllegalArgumentException if this store cannot read that URI (another scheme), naming what to configure
     * @throws java.io.UncheckedIOException if it cannot be read or written
     */
    void fetchDirectory(URI stored, Path target);

    static String trialPath(long jobExecutionId, String partitionKey) {
        return "runs/" + jobExecutionId + "/" + partitionKey;
    }

    static String reportPath(long jobExecutionId, String fileName) {
        return "reports/" + jobExecutionId + "/" + fileName;
    }
}
