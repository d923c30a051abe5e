package io.benchfleet.manager.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.benchfleet.manager.run.RunPriority;

/**
 * Each active run's {@link FairShare} of the slots its worker group registered (hosts that take partitions), over
 * the demand of every active run in the repository ({@link FleetDemand}). The asking run's own demand is what its
 * manager knows it still has to run, which the repository may not show yet (partitions being created).
 */
public class FleetShares {

    /** The id a run not started yet stands under: no job execution has it. */
    private static final long NEW_RUN = -1;

    private final FleetDemand demand;
    private final WorkerHosts hosts;
    private final String group;
    private final int fallbackSlotsPerHost;

    public FleetShares(FleetDemand demand, WorkerHosts hosts, String group, int fallbackSlotsPerHost) {
        this.demand = demand;
        this.hosts = hosts;
        this.group = group;
        this.fallbackSlotsPerHost = fallbackSlotsPerHost;
    }

    /** The run's share ({@link io.benchfleet.manager.partition.SlotShare}); empty when no host takes partitions. */
    public OptionalLong of(long jobExecutionId, long partitionsLeft) {
        Share share = share(jobExecutionId, partitionsLeft);
        return share == null ? OptionalLong.empty() : OptionalLong.of(share.slots());
    }

    /**
     * The run's share with what it was computed from; null when no host of the group takes partitions.
     *
     * @param partitionsLeft the run's partitions still to run as its manager knows them; negative: as the
     *                       repository shows them (a run absent there has no share)
     */
    public Share share(long jobExecutionId, long partitionsLeft) {
        FleetCapacity capacity = hosts.capacity(group);
        if (capacity.slots() == 0) {
            return null;
        }
        List<FleetDemand.RunDemand> runs = new ArrayList<>(demand.now().runs());
        FleetDemand.RunDemand own = runs.stream().filter(r -> r.jobExecutionId() == jobExecutionId).findFirst()
                .orElse(null);
        if (partitionsLeft >= 0) {
            runs.remove(own);
            int running = own == null ? 0 : own.running();
            own = new FleetDemand.RunDemand(jobExecutionId, (int) Math.max(0, Math.min(Integer.MAX_VALUE,
                    partitionsLeft - running)), running, own == null ? Integer.MAX_VALUE : own.maxHosts(),
                    own == null ? RunPriority.NORMAL.rank() : own.priority());
        } else if (own == null) {
            return new Share(0, capacity.slots(), null, runs.size());
        } else {
            runs.remove(own);
        }
        return among(runs, own, capacity);
    }

    /**
     * The share a run not started yet ({@code plan}) would get now beside the active runs; null when no host of the
     * group takes partitions.
     */
    public Share forNewRun(int partitions, RunPriority priority, int maxHosts) {
        FleetCapacity capacity = hosts.capacity(group);
        if (capacity.slots() == 0) {
            return null;
        }
        return among(new ArrayList<>(demand.now().runs()), new FleetDemand.RunDemand(NEW_RUN, partitions, 0,
                maxHosts, priority.rank()), capacity);
    }

    private Share among(List<FleetDemand.RunDemand> others, FleetDemand.RunDemand own, FleetCapacity capacity) {
        others.add(own);
        long slots = FairShare.of(capacity.slots(), others, hosts.slotsPerHost(group, fallbackSlotsPerHost))
                .get(own.jobExecutionId());
        return new Share(slots, capacity.slots(), RunPriority.ofRank(own.priority()), others.size());
    }

    /**
     * @param slots     the run's share
     * @param of        the registered slots of hosts that take partitions
     * @param priority  the run's priority; null when it is not an active run
     * @param runs      active runs sharing the slots
     */
    public record Share(long slots, int of, RunPriority priority, int runs) {

        /** {@code 6 of 12 slots (priority normal, 3 active runs)}. */
        public String describe() {
            if (priority == null) {
                return "- (not an active run)";
            }
            return slots + " of " + of + " slots (priority " + priority.label() + ", " + runs + " active run"
                    + (runs == 1 ? "" : "s") + ")";
        }
    }
}
