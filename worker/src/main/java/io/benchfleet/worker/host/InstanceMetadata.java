package io.benchfleet.worker.host;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EC2 instance metadata service with IMDSv2 session tokens, as terraform's launch template requires
 * ({@code http_tokens = "required"}): {@code PUT /latest/api/token} with a TTL header, then each {@code GET} with
 * {@code X-aws-ec2-metadata-token}. The token is reused until half its TTL has passed, and fetched again when the
 * service answers 401 (expired). A path the service does not have (404: no spot notice yet) and a service that
 * does not answer are both empty.
 */
public class InstanceMetadata {

    private static final Logger log = LoggerFactory.getLogger(InstanceMetadata.class);

    static final String TOKEN_PATH = "/latest/api/token";
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final Duration TOKEN_TTL = Duration.ofHours(6);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    public static final String INSTANCE_ID = "/latest/meta-data/instance-id";
    public static final String LIFE_CYCLE = "/latest/meta-data/instance-life-cycle";
    public static final String SPOT_ACTION = "/latest/meta-data/spot/instance-action";
    public static final String REBALANCE = "/latest/meta-data/events/recommendations/rebalance";
    public static final String TARGET_LIFECYCLE_STATE = "/latest/meta-data/autoscaling/target-lifecycle-state";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;
    private String token;
    private Instant tokenRenewAt = Instant.MIN;

    /** @param base the service, {@code http://169.254.169.254} on EC2; a loopback stand-in in tests */
    public InstanceMetadata(URI base) {
        this.base = base;
    }

    /** The value at {@code path}, empty when there is none (404) or the service cannot be reached. */
    public Optional<String> get(String path) {
        try {
            HttpResponse<String> response = send(path, token());
            if (response.statusCode() == 401) {
                token = null;
                response = send(path, token());
            }
            return response.statusCode() == 200 ? Optional.of(response.body().strip()) : Optional.empty();
        } catch (IOException e) {
            log.debug("instance metadata {} not readable: {}", path, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HttpResponse<String> send(String path, String sessionToken) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header(TOKEN_HEADER,
                sessionToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private synchronized String token() throws IOException, InterruptedException {
        if (token == null || Instant.now().isAfter(tokenRenewAt)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(TOKEN_PATH))
                    .timeout(TIMEOUT).header(TTL_HEADER, Long.toString(TOKEN_TTL.toSeconds()))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("IMDSv2 token refused: HTTP " + response.statusCode());
            }
            token = response.body().strip();
            tokenRenewAt = Instant.now().plus(TOKEN_TTL.dividedBy(2));
        }
        return token;
    }
}
