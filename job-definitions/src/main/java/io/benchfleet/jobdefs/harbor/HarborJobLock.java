package io.benchfleet.jobdefs.harbor;

/**
 * A job's {@code lock.json}: the part of Harbor's {@code JobLock} ({@code harbor/models/job/lock.py}, release 0.22)
 * benchfleet reads, which Harbor that ran the job. Harbor writes the lock when the job starts and refuses to resume a
 * job whose lock differs. Bound with {@link io.benchfleet.jobdefs.harbor.json.HarborJson#MAPPER}; every field may be
 * absent.
 *
 * @param harbor the Harbor release that wrote the lock
 */
public record HarborJobLock(HarborInfo harbor) {

    /**
     * Harbor's {@code HarborLockInfo}.
     *
     * @param version       the installed {@code harbor} package version, e.g. {@code 0.22.0}
     * @param gitCommitHash the commit of a git or editable install
     */
    public record HarborInfo(String version, String gitCommitHash) {
    }

    /** The Harbor version, null when the lock does not say. */
    public String harborVersion() {
        return harbor == null ? null : harbor.version();
    }
}
