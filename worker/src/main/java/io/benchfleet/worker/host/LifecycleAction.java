package io.benchfleet.worker.host;

/**
 * The terminating lifecycle action that keeps this host in {@code Terminating:Wait} while it drains: a heartbeat
 * pushes the hook's timeout out again, completing it (CONTINUE) lets the Auto Scaling group terminate the host. The
 * SDK boundary of {@code RecordLifecycleActionHeartbeat} and {@code CompleteLifecycleAction}, which moto does not
 * implement; {@link AutoScalingLifecycleAction} is the real one.
 */
public interface LifecycleAction {

    /** None: the host is not in a group with a terminating hook. */
    LifecycleAction NONE = new LifecycleAction() {
        @Override
        public void heartbeat() {
        }

        @Override
        public void complete() {
        }
    };

    void heartbeat();

    void complete();
}
