package io.benchfleet.worker.docker;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.benchfleet.jobdefs.Messages;
import io.benchfleet.worker.trial.TrialInfrastructureException;

/**
 * docker-java clients on the httpclient5 transport. The configuration is docker-java's default one (it reads
 * {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH} and the registry credentials of
 * {@code ~/.docker/config.json}, which pulls use), with the daemon address given explicitly.
 */
public final class DockerClients {

    private DockerClients() {
    }

    /** @param host {@code unix:///var/run/docker.sock}, {@code tcp://...} (see DockerProperties#host) */
    public static DockerClient create(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** True when the daemon at {@code client} answers a ping. */
    public static boolean answers(DockerClient client) {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Translates a docker-java failure: an HTTP error from the daemon stays as it is (the caller words it); anything
     * else means the daemon could not be reached, said in one line naming the address and how to set it.
     */
    static RuntimeException translate(RuntimeException e, String host) {
        if (e instanceof DockerException || e instanceof TrialInfrastructureException) {
            return e;
        }
        return unreachable(host, e);
    }

    static TrialInfrastructureException unreachable(String host, Throwable cause) {
        return new TrialInfrastructureException("Docker daemon not reachable at " + host + " (set DOCKER_HOST or "
                + "benchfleet.worker.docker.host; the worker user needs access to the socket, e.g. the docker group): "
                + rootMessage(cause), cause);
    }

    private static final java.util.regex.Pattern DAEMON_MESSAGE =
            java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The daemon's own words from an HTTP error body ({@code Status 500: {"message":"..."}}), else the message. */
    static String rootMessage(Throwable e) {
        String message = rootMessageRaw(e);
        java.util.regex.Matcher m = DAEMON_MESSAGE.matcher(message);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : message;
    }

    private static String rootMessageRaw(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : Messages.oneLine(root.getMessage());
    }
}
