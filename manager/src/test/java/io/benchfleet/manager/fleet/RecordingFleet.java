package io.benchfleet.manager.fleet;

import java.util.ArrayList;
import java.util.List;

/** A fleet that records every size asked for; at most {@code max} hosts, all of them healthy at once. */
class RecordingFleet implements Fleet {

    final List<Integer> requests = new ArrayList<>();
    private final int max;
    private int desired;

    RecordingFleet(int max) {
        this.max = max;
    }

    @Override
    public int scaleTo(int hosts) {
        requests.add(hosts);
        desired = Math.min(max, hosts);
        return desired;
    }

    @Override
    public int healthyInService() {
        return desired;
    }

    @Override
    public int desired() {
        return desired;
    }

    @Override
    public String describe() {
        return "recording fleet";
    }

    @Override
    public void close() {
    }
}
