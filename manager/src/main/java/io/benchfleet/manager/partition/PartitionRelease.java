package io.benchfleet.manager.partition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import io.benchfleet.manager.run.PartitionProgress;
import org.springframework.batch.core.step.StepExecution;

/**
 * One run's partitions held back by its manager and released to the queue by the run's {@link SlotShare}: at most
 * its share plus a headroom in flight (queued or running). The headroom is the partitions that finished in the
 * busier of the last two supervision rounds (at least {@link #MIN_HEADROOM}): the slots that free during a round
 * find requests already queued, while another run that needs the slots waits behind at most about one round of this
 * run's completions. A run whose share is zero releases nothing; with no worker host registered only the
 * headroom goes out, until hosts register.
 */
final class PartitionRelease {

    static final int MIN_HEADROOM = 1;

    private final long jobExecutionId;
    private final SlotShare share;
    private final Deque<StepExecution> held = new ArrayDeque<>();
    private final Set<Long> seen = new HashSet<>();
    private long inFlight;
    private int lastFinished = -1;
    private int completions;
    private int previousCompletions;
    private boolean withdrawn;
    private OptionalLong lastShare = OptionalLong.empty();

    PartitionRelease(long jobExecutionId, SlotShare share) {
        this.jobExecutionId = jobExecutionId;
        this.share = share;
    }

    /** Holds partitions to release, in the order given; a partition already held or released is ignored. */
    synchronized void hold(Collection<StepExecution> partitions) {
        for (StepExecution p : partitions) {
            if (!withdrawn && seen.add(p.getId())) {
                held.addLast(p);
            }
        }
    }

    /** The partitions to send now, before any supervision round has counted what finished. */
    synchronized List<StepExecution> due() {
        return take();
    }

    /**
     * The partitions to send after a round counted {@code current}: what finished since the last round sets the
     * headroom, and what is neither finished nor held is in flight.
     */
    synchronized List<StepExecution> due(PartitionProgress current) {
        int finished = current.finished();
        previousCompletions = completions;
        completions = lastFinished < 0 ? 0 : Math.max(0, finished - lastFinished);
        lastFinished = finished;
        inFlight = Math.max(0, current.total() - finished - held.size());
        return take();
    }

    private List<StepExecution> take() {
        if (held.isEmpty() || withdrawn) {
            return List.of();
        }
        lastShare = share.of(jobExecutionId, held.size() + inFlight);
        long room = allowance(lastShare) - inFlight;
        List<StepExecution> due = new ArrayList<>();
        while (room-- > 0 && !held.isEmpty()) {
            due.add(held.pollFirst());
        }
        inFlight += due.size();
        return due;
    }

    private long allowance(OptionalLong slots) {
        long headroom = Math.max(MIN_HEADROOM, Math.max(completions, previousCompletions));
        if (slots.isEmpty()) {
            return headroom;
        }
        long s = slots.getAsLong();
        return s <= 0 ? 0 : s > Long.MAX_VALUE - headroom ? Long.MAX_VALUE : s + headroom;
    }

    /**
     * Partitions {@link #due} gave out that could not be sent (SQS unreachable): held again at the head, in their
     * order, and no longer counted in flight, so the next round sends them first.
     */
    synchronized void unsent(List<StepExecution> partitions) {
        if (withdrawn) {
            return;
        }
        for (int i = partitions.size() - 1; i >= 0; i--) {
            held.addFirst(partitions.get(i));
        }
        inFlight = Math.max(0, inFlight - partitions.size());
    }

    /** The run's queued partitions were withdrawn (stop, CONFIG failure, shutdown, timeout): nothing more goes out. */
    synchronized void withdraw() {
        withdrawn = true;
        held.clear();
    }

    synchronized int held() {
        return held.size();
    }

    /** The share the last release was sized by; empty when the fleet's slots were unknown. */
    synchronized OptionalLong lastShare() {
        return lastShare;
    }
}
