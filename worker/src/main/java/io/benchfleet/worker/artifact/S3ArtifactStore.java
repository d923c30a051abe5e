package io.benchfleet.worker.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Artifacts in S3 under {@code s3://bucket/prefix/}. */
public class S3ArtifactStore implements ArtifactStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3ArtifactStore(S3Client s3, URI location) {
        this.s3 = s3;
        this.bucket = location.getHost();
        String path = location.getPath() == null ? "" : location.getPath().replaceAll("^/+|/+$", "");
        this.prefix = path.isEmpty() ? "" : path + "/";
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("artifact location " + location + " names no bucket: use "
                    + "s3://bucket/prefix");
        }
    }

    @Override
    public URI storeDirectory(Path directory, String relativePath) {
        String base = prefix + relativePath + "/";
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = base + directory.relativize(file).toString().replace('\\', '/');
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromFile(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + " for upload: " + e.getMessage(), e);
        }
        return URI.create("s3://" + bucket + "/" + base);
    }

    @Override
    public URI storeFile(byte[] content, String relativePath, String contentType) {
        String key = prefix + relativePath;
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
                RequestBody.fromBytes(content));
        return URI.create("s3://" + bucket + "/" + key);
    }
}
