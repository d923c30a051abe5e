package io.benchfleet.worker.trial;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.harbor.FailureClassifier;
import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import io.benchfleet.jobdefs.harbor.HarborJobLock;
import io.benchfleet.jobdefs.harbor.HarborTrialResultParser;
import io.benchfleet.jobdefs.harbor.PhaseTiming;
import io.benchfleet.jobdefs.harbor.TrialResult;
import io.benchfleet.jobdefs.harbor.TrialResultUnreadableException;

/**
 * Reads the Harbor job directory a trial left and turns it into a {@link TrialRecord}: the single place where Harbor
 * output becomes benchfleet data, whatever executor ran the trial. Unreadable output is an INFRA record, never a
 * crash. The Harbor release comes from the job's {@code lock.json}, the agent version and task checksum from the
 * trial's {@code result.json}.
 */
public class TrialEvaluator {

    private final HarborTrialResultParser parser = new HarborTrialResultParser();
    private final FailureClassifier classifier = new FailureClassifier();

    public TrialRecord evaluate(Path harborJobDir, Instant startedAt, Instant finishedAt) {
        HarborJobDirectory job = new HarborJobDirectory(harborJobDir);
        List<Path> trials = job.trialDirectories();
        if (trials.isEmpty()) {
            return TrialRecord.infrastructureFailure("NoTrialDirectory", "Harbor left no trial directory in "
                    + harborJobDir + ": it failed before starting the trial; see " + job.log(),
                    startedAt, finishedAt);
        }
        TrialResult result;
        try {
            result = parser.parseTrialDirectory(trials.get(trials.size() - 1));
        } catch (TrialResultUnreadableException e) {
            return TrialRecord.infrastructureFailure("UnreadableResult", e.getMessage(), startedAt, finishedAt);
        }
        FailureClass failureClass = classifier.classify(result);
        Double reward = result.reward().isPresent() ? result.reward().getAsDouble() : null;
        Instant started = result.startedAt() != null ? result.startedAt() : startedAt;
        Instant finished = result.finishedAt() != null ? result.finishedAt() : finishedAt;
        return new TrialRecord(result.trialName(), reward, result.passed(), failureClass, result.exceptionType(),
                result.exceptionMessage(), result.nInputTokens(), result.nCacheTokens(), result.nOutputTokens(),
                result.costUsd(), started, finished, Duration.between(started, finished).toMillis(),
                millis(result.environmentSetup()), millis(result.agentSetup()), millis(result.agentExecution()),
                millis(result.verifier()), result.agentVersion(), result.taskChecksum(),
                job.readLock().map(HarborJobLock::harborVersion).orElse(null));
    }

    private static Long millis(PhaseTiming timing) {
        return timing == null ? null : timing.duration().map(Duration::toMillis).orElse(null);
    }
}
