package io.benchfleet.manager.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --local}: the production code path on embedded infrastructure. In-process SQS (ElasticMQ), N in-process
 * worker consumers, artifacts and Harbor job directories under the state directory. A local run is a rehearsal: its
 * partitions accept simulated results.
 *
 * @param workers  in-process worker consumers (each one a separate SQS consumer, like a host)
 * @param slots    concurrent trials per consumer
 * @param executor trial executor for the in-process workers
 */
public record LocalMode(int workers, int slots, String executor, Path stateDir) {

    public static final String QUEUE = "benchfleet-local";

    /** Connections for the manager's own work beside the in-process workers' slots. */
    static final int MANAGER_CONNECTIONS = 4;

    /**
     * At most this many connections for a local run, whatever its slots: PostgreSQL's default {@code max_connections}
     * of 100 keeps room for a {@code serve}, a second local run and psql.
     */
    static final int MAX_CONNECTIONS = 40;

    /** Spring properties for local mode, given the running embedded SQS. */
    public Map<String, Object> properties(EmbeddedSqs sqs) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("benchfleet.sqs.endpoint", sqs.endpoint().toString());
        props.put("benchfleet.sqs.region", EmbeddedSqs.REGION);
        props.put("benchfleet.sqs.access-key", EmbeddedSqs.ACCESS_KEY);
        props.put("benchfleet.sqs.secret-key", EmbeddedSqs.SECRET_KEY);
        props.put("benchfleet.sqs.queue", QUEUE);
        props.put("benchfleet.worker.enabled", "true");
        props.put("benchfleet.worker.consumers", Integer.toString(workers));
        props.put("benchfleet.worker.slots", Integer.toString(slots));
        props.put("benchfleet.worker.executor", executor);
        // the in-process workers share the manager's pool: a connection per slot (the fleet's hosts have one per
        // slot too), else 60 slots queue for 8 connections and a 0.1-s trial holds its slot for most of a second
        props.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(databasePoolSize()));
        props.put("benchfleet.worker.poll-timeout", "1s");
        props.put("benchfleet.worker.host", "local");
        props.put("benchfleet.worker.jobs-dir", stateDir.resolve("jobs").toString());
        props.put("benchfleet.artifacts.location", stateDir.resolve("artifacts").toString());
        props.put("benchfleet.manager.poll-interval", "500ms");
        // the in-process workers die with the command: on Ctrl-C their running trials are released (recorded as
        // INFRA, re-run by restart) after a short grace instead of holding the terminal for ten minutes
        props.put("benchfleet.worker.grace-period", "10s");
        // a local run is a rehearsal: its partitions accept the simulated executor (reports still say REHEARSAL)
        props.put("benchfleet.local", "true");
        // the in-process workers share this machine's disk with everything else: keep the guard, lower the bar
        props.put("benchfleet.worker.disk.min-free", "512MB");
        // a developer's Docker holds images of their own: local runs prune only the images Harbor builds
        props.put("benchfleet.worker.docker.prune-images", "hb__*");
        return props;
    }

    /** The shared pool's size: one connection per local slot plus the manager's, capped at {@link #MAX_CONNECTIONS}. */
    int databasePoolSize() {
        return Math.min(workers * slots + MANAGER_CONNECTIONS, MAX_CONNECTIONS);
    }
}
