package io.benchfleet.jobdefs.spec;

/**
 * Per-trial time limits, taken from the task's {@code task.toml} defaults unless the spec overrides them.
 *
 * @param agentSec            agent time limit ({@code [agent] timeout_sec}; terminal-bench 2: 900)
 * @param verifierSec         verifier time limit ({@code [verifier] timeout_sec}; default 600)
 * @param environmentBuildSec environment build/start limit ({@code [environment] build_timeout_sec}; default 600)
 * @param multiplier          Harbor's {@code --timeout-multiplier}
 * @param marginSec           slack added on top before benchfleet kills the trial's container
 */
public record Timeouts(int agentSec, int verifierSec, int environmentBuildSec, double multiplier, int marginSec) {

    public static final Timeouts DEFAULTS = new Timeouts(900, 600, 600, 1.0, 300);

    /** The wall-clock limit of one trial: Harbor's own limits scaled by the multiplier, plus our margin. */
    public long trialLimitSeconds() {
        return (long) Math.ceil((agentSec + verifierSec + environmentBuildSec) * multiplier) + marginSec;
    }

    public Timeouts withMultiplier(double newMultiplier) {
        return new Timeouts(agentSec, verifierSec, environmentBuildSec, newMultiplier, marginSec);
    }
}
