package io.benchfleet.worker.host;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * {@link LifecycleAction} of instance {@code instanceId} under hook {@code hook} of Auto Scaling group {@code group},
 * by instance id (the worker never sees the action token). A failed call is logged, never thrown: without the hook's
 * completion the group still terminates the host when the hook's timeout runs out (its default result CONTINUE).
 */
public class AutoScalingLifecycleAction implements LifecycleAction {

    private static final Logger log = LoggerFactory.getLogger(AutoScalingLifecycleAction.class);

    private final AutoScalingClient autoScaling;
    private final String group;
    private final String hook;
    private final String instanceId;

    public AutoScalingLifecycleAction(AutoScalingClient autoScaling, String group, String hook, String instanceId) {
        this.autoScaling = autoScaling;
        this.group = group;
        this.hook = hook;
        this.instanceId = instanceId;
    }

    @Override
    public void heartbeat() {
        try {
            autoScaling.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName(group).lifecycleHookName(hook)
                    .instanceId(instanceId));
        } catch (SdkException e) {
            log.warn("autoscaling:RecordLifecycleActionHeartbeat for {} ({} / {}) failed: {}", instanceId, group, hook,
                    e.getMessage());
        }
    }

    @Override
    public void complete() {
        try {
            autoScaling.completeLifecycleAction(r -> r.autoScalingGroupName(group).lifecycleHookName(hook)
                    .instanceId(instanceId).lifecycleActionResult("CONTINUE"));
            log.info("lifecycle action of {} completed (CONTINUE): the group terminates this host now", instanceId);
        } catch (SdkException e) {
            log.warn("autoscaling:CompleteLifecycleAction for {} ({} / {}) failed: {}; the hook's timeout ends the "
                    + "wait", instanceId, group, hook, e.getMessage());
        }
    }
}
