package io.benchfleet.manager.cli;

/** Exit codes of every command: scripts and the nightly scheduler rely on them. */
public final class ExitCodes {

    /** The command did what was asked (for {@code run}: the run completed). */
    public static final int OK = 0;
    /** The run failed or finished with failed partitions; see {@code status}. */
    public static final int RUN_FAILED = 1;
    /** Bad input: unknown flag or parameter, invalid spec, unknown job execution. Nothing was changed. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
