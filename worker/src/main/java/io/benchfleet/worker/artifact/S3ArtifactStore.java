package io.benchfleet.worker.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

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

    /** Downloads every object under {@code s3://bucket/prefix/} (any bucket this client may read). */
    @Override
    public void fetchDirectory(URI stored, Path target) {
        if (!"s3".equals(stored.getScheme()) || stored.getHost() == null) {
            throw new IllegalArgumentException("artifact " + stored + " is not in S3 (s3://bucket/prefix/) and the "
                    + "artifact store is s3://" + bucket + "/" + prefix + ": read local artifacts on the machine that "
                    + "holds them");
        }
        String sourceBucket = stored.getHost();
        String keyPrefix = stored.getPath().replaceAll("^/+", "");
        keyPrefix = keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/";
        String base = keyPrefix;
        int count = 0;
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(sourceBucket).prefix(base)).contents()) {
            Path dest = target.resolve(object.key().substring(base.length())).normalize();
            if (!dest.startsWith(target.normalize())) {
                throw new IllegalArgumentException("object " + object.key() + " escapes " + target);
            }
            try {
                Files.createDirectories(dest.getParent());
                Files.deleteIfExists(dest);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dest + ": " + e.getMessage(), e);
            }
            s3.getObject(GetObjectRequest.builder().bucket(sourceBucket).key(object.key()).build(), dest);
            count++;
        }
        if (count == 0) {
            throw new UncheckedIOException(new java.io.FileNotFoundException("no objects under " + stored
                    + " (deleted by a lifecycle rule, or another bucket)"));
        }
    }

    @Override
    public URI storeFile(byte[] content, String relativePath, String contentType) {
        String key = prefix + relativePath;
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
                RequestBody.fromBytes(content));
        return URI.create("s3://" + bucket + "/" + key);
    }
}
