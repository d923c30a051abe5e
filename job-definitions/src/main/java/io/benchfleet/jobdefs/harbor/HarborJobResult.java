package io.benchfleet.jobdefs.harbor;

import java.time.LocalDateTime;

/**
 * A job's {@code result.json}, which Harbor rewrites while the job runs: Harbor's {@code JobResult}
 * ({@code harbor/models/job/result.py}, release 0.22) without the trial list, which Harbor leaves out of the file.
 * Bound with {@link io.benchfleet.jobdefs.harbor.json.HarborJson#MAPPER}; every field may be absent.
 *
 * @param id           the job's id (a UUID)
 * @param startedAt    job start; Harbor writes the job's times naive ({@code datetime.now()}), read as UTC
 * @param updatedAt    last rewrite
 * @param finishedAt   job end, absent while the job runs
 * @param nTotalTrials how many trials the job has
 * @param stats        counts and per-eval statistics
 */
public record HarborJobResult(
        String id,
        LocalDateTime startedAt,
        LocalDateTime updatedAt,
        LocalDateTime finishedAt,
        Integer nTotalTrials,
        JobStats stats) {
}
