package io.benchfleet.manager.fleet;

/**
 * The worker hosts of a run: an Auto Scaling group in production ({@link AutoScalingFleet}), the in-process consumers
 * with {@code --local} ({@link LocalFleet}).
 */
public interface Fleet extends AutoCloseable {

    /**
     * Asks for {@code hosts} worker hosts. Returns the size actually requested, which is lower when the fleet
     * cannot grow that far (an Auto Scaling group's MaxSize). Throws {@link FleetException} with one clear line.
     */
    int scaleTo(int hosts);

    /** Hosts that are running and healthy, able to take partitions now. */
    int healthyInService();

    /** The size currently asked for (desired capacity). */
    int desired();

    /** Instances of the fleet that are not terminating (pending or in service), by instance id. */
    java.util.List<String> instanceIds();

    /**
     * Terminates one instance chosen by the controller (an idle one) and lowers the desired capacity by one, so the
     * group does not replace it. Its terminating lifecycle hook lets the worker drain first.
     */
    void terminate(String instanceId);

    /** Where this fleet is, for messages: {@code Auto Scaling group 'x' (us-east-1)}. */
    String describe();

    @Override
    void close();
}
