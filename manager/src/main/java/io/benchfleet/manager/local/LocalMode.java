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
}
