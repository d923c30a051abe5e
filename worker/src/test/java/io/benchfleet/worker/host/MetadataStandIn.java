package io.benchfleet.worker.host;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for the EC2 instance metadata service speaking IMDSv2 as AWS documents it: {@code PUT
 * /latest/api/token} with {@code X-aws-ec2-metadata-token-ttl-seconds} returns a token; every {@code GET} without a
 * valid {@code X-aws-ec2-metadata-token} is 401; a path not set is 404. Tests set paths as the notices appear.
 */
public final class MetadataStandIn implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    /** Requests as "METHOD path status". */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public MetadataStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public MetadataStandIn set(String path, String value) {
        values.put(path, value);
        return this;
    }

    /** Expires every token handed out: the next GET is 401 until a new token is taken. */
    public void expireTokens() {
        tokens.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        int status;
        String body = "";
        if (path.equals("/latest/api/token")) {
            if (!method.equals("PUT") || exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds")
                    == null) {
                status = 400;
            } else {
                body = UUID.randomUUID().toString();
                tokens.add(body);
                status = 200;
            }
        } else if (!tokens.contains(String.valueOf(exchange.getRequestHeaders().getFirst(
                "X-aws-ec2-metadata-token")))) {
            status = 401;
        } else if (values.containsKey(path)) {
            body = values.get(path);
            status = 200;
        } else {
            status = 404;
        }
        requests.add(method + " " + path + " " + status);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
