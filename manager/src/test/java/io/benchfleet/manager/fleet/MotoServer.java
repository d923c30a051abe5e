package io.benchfleet.manager.fleet;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Assumptions;

/**
 * {@code moto_server -H 127.0.0.1 -p PORT} (AWS mock) for one test class on a free loopback port. When moto_server is
 * not installed the test is skipped with the reason printed.
 */
public final class MotoServer implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static MotoServer start() throws IOException, InterruptedException {
        String executable = findOnPath("moto_server");
        if (executable == null) {
            String reason = "moto_server is not on PATH (pip install 'moto[server]'): AutoScalingFleet tests skipped";
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("moto-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        builder.environment().put("AWS_DEFAULT_REGION", REGION);
        Process process = builder.start();
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!server.answers(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                server.close();
                throw new IllegalStateException("moto_server did not start on port " + port + ": "
                        + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return server;
    }

    private boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    public URI endpoint() {
        return endpoint;
    }

    FleetProperties properties(String asgName) {
        return new FleetProperties(asgName, REGION, endpoint, ACCESS_KEY, SECRET_KEY, null, null, null, null, null);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
