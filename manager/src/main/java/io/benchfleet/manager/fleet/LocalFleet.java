package io.benchfleet.manager.fleet;

/**
 * {@code --local}: the in-process worker consumers are the hosts. They exist for the whole command, so sizing only
 * records the request; {@link #healthyInService()} is the number of consumers.
 */
public class LocalFleet implements Fleet {

    private final int consumers;
    private volatile int desired;

    public LocalFleet(int consumers) {
        this.consumers = consumers;
    }

    @Override
    public int scaleTo(int hosts) {
        desired = Math.max(0, Math.min(hosts, consumers));
        return desired;
    }

    @Override
    public int healthyInService() {
        return consumers;
    }

    @Override
    public int desired() {
        return desired;
    }

    /** In-process consumers have no instances: they are never terminated. */
    @Override
    public java.util.List<String> instanceIds() {
        return java.util.List.of();
    }

    @Override
    public void terminate(String instanceId) {
        // nothing to terminate
    }

    @Override
    public String describe() {
        return consumers + " in-process worker consumers";
    }

    @Override
    public void close() {
        // nothing to release
    }
}
