package io.benchfleet.manager.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * A fleet that records every size asked for and every instance terminated; at most {@code max} hosts, all healthy,
 * instances named {@code i-1}, {@code i-2}, ... in launch order.
 */
class RecordingFleet implements Fleet {

    final List<Integer> requests = new ArrayList<>();
    final List<String> terminated = new ArrayList<>();
    final List<String> instances = new ArrayList<>();
    private final int max;
    private int launched;

    RecordingFleet(int max) {
        this.max = max;
    }

    @Override
    public synchronized int scaleTo(int hosts) {
        requests.add(hosts);
        int want = Math.min(max, Math.max(0, hosts));
        while (instances.size() < want) {
            instances.add("i-" + (++launched));
        }
        while (instances.size() > want) {
            terminated.add(instances.remove(instances.size() - 1));
        }
        return want;
    }

    @Override
    public synchronized int healthyInService() {
        return instances.size();
    }

    @Override
    public synchronized int desired() {
        return instances.size();
    }

    @Override
    public synchronized List<String> instanceIds() {
        return List.copyOf(instances);
    }

    @Override
    public synchronized void terminate(String instanceId) {
        if (!instances.remove(instanceId)) {
            // as Auto Scaling answers for an instance that is not (or no longer) in the group
            throw new FleetException("cannot terminate " + instanceId + ": not an instance of the group");
        }
        terminated.add(instanceId);
    }

    @Override
    public String describe() {
        return "recording fleet";
    }

    @Override
    public void close() {
    }
}
