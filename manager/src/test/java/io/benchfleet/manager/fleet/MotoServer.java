package io.benchfleet.manager.fleet;

import java.io.IOException;
import java.net.URI;

/** The worker tests' {@code moto_server} for the fleet tests, with the fleet properties that point at it. */
final class MotoServer implements AutoCloseable {

    static final String REGION = io.benchfleet.worker.testing.MotoServer.REGION;
    static final String ACCESS_KEY = io.benchfleet.worker.testing.MotoServer.ACCESS_KEY;
    static final String SECRET_KEY = io.benchfleet.worker.testing.MotoServer.SECRET_KEY;

    private final io.benchfleet.worker.testing.MotoServer server;

    private MotoServer(io.benchfleet.worker.testing.MotoServer server) {
        this.server = server;
    }

    static MotoServer start() throws IOException, InterruptedException {
        return new MotoServer(io.benchfleet.worker.testing.MotoServer.start());
    }

    URI endpoint() {
        return server.endpoint();
    }

    FleetProperties properties(String asgName) {
        return new FleetProperties(asgName, REGION, endpoint(), ACCESS_KEY, SECRET_KEY, null, null, null, null, null,
                null);
    }

    @Override
    public void close() {
        server.close();
    }
}
