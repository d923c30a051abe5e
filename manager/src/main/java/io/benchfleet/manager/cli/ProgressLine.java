package io.benchfleet.manager.cli;

import java.time.Duration;
import java.util.Locale;

import io.benchfleet.manager.run.Elapsed;
import io.benchfleet.manager.run.PartitionProgress;
import org.springframework.batch.core.BatchStatus;

/** The one-line progress of a running benchmark: {@code [ 412/750] 55% done 400 failed 12 running 24 queued 314}. */
public final class ProgressLine {

    private ProgressLine() {
    }

    public static String format(PartitionProgress p, Duration elapsed) {
        if (p.total() == 0) {
            return String.format(Locale.ROOT, "planning partitions... %s", Elapsed.clock(elapsed));
        }
        int width = Integer.toString(p.total()).length();
        return String.format(Locale.ROOT, "[%" + width + "d/%d] %3d%% | completed %d  failed %d  running %d  queued %d"
                        + " | %s", p.finished(), p.total(), 100 * p.finished() / p.total(),
                p.count(BatchStatus.COMPLETED), p.count(BatchStatus.FAILED) + p.count(BatchStatus.ABANDONED),
                p.running(), p.queued(), Elapsed.clock(elapsed));
    }

}
