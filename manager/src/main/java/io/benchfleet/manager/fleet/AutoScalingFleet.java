package io.benchfleet.manager.fleet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.benchfleet.worker.config.AwsRegions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClientBuilder;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

/**
 * The worker Auto Scaling group ({@code benchfleet.fleet.asg-name}), sized with {@code SetDesiredCapacity} and never
 * above its MaxSize. A host counts as healthy in service when the group reports it {@code InService} +
 * {@code Healthy} and EC2 does not report it impaired or not running ({@code DescribeInstanceStatus}; when that call
 * is not allowed, the group's view alone is used).
 */
public class AutoScalingFleet implements Fleet {

    private static final Logger log = LoggerFactory.getLogger(AutoScalingFleet.class);

    private final String asgName;
    private final String where;
    private final AutoScalingClient autoScaling;
    private final Ec2Client ec2;
    private boolean ec2StatusWarned;

    public AutoScalingFleet(String asgName, AutoScalingClient autoScaling, Ec2Client ec2, String where) {
        this.asgName = asgName;
        this.autoScaling = autoScaling;
        this.ec2 = ec2;
        this.where = where;
    }

    /** Clients for {@code benchfleet.fleet.*}: region, endpoint override and static test credentials. */
    public static AutoScalingFleet create(FleetProperties properties) {
        if (properties.asgName() == null) {
            throw new FleetException("no Auto Scaling group: set benchfleet.fleet.asg-name (BENCHFLEET_ASG_NAME; "
                    + "terraform -chdir=terraform output -raw asg_name prints it)");
        }
        Region region = region(properties);
        AutoScalingClientBuilder asg = AutoScalingClient.builder().region(region);
        Ec2ClientBuilder ec2 = Ec2Client.builder().region(region);
        if (properties.endpoint() != null) {
            asg.endpointOverride(properties.endpoint());
            ec2.endpointOverride(properties.endpoint());
        }
        if (properties.accessKey() != null) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(properties.accessKey(),
                    properties.secretKey()));
            asg.credentialsProvider(credentials);
            ec2.credentialsProvider(credentials);
        }
        String where = "region " + region.id() + (properties.endpoint() == null ? "" : ", endpoint "
                + properties.endpoint());
        return new AutoScalingFleet(properties.asgName(), asg.build(), ec2.build(), where);
    }

    private static Region region(FleetProperties properties) {
        return AwsRegions.resolve(properties.region(), properties.endpoint()).orElseThrow(() ->
                new FleetException("no AWS region for Auto Scaling group '" + properties.asgName() + "': set "
                        + "AWS_REGION or benchfleet.fleet.region"));
    }

    public String asgName() {
        return asgName;
    }

    /** Reads the group; a group that does not exist is a {@link FleetException} naming what to check. */
    public AutoScalingGroup group() {
        List<AutoScalingGroup> groups;
        try {
            groups = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(asgName))
                    .autoScalingGroups();
        } catch (SdkException e) {
            throw failure("DescribeAutoScalingGroups", e);
        }
        if (groups.isEmpty()) {
            throw new FleetException("Auto Scaling group '" + asgName + "' not found (" + where + "): check "
                    + "benchfleet.fleet.asg-name / BENCHFLEET_ASG_NAME (terraform -chdir=terraform output -raw "
                    + "asg_name), AWS_REGION and which account the credentials belong to");
        }
        return groups.get(0);
    }

    @Override
    public int scaleTo(int hosts) {
        AutoScalingGroup group = group();
        int want = Math.max(Math.max(0, hosts), group.minSize());
        if (want > group.maxSize()) {
            log.warn("Auto Scaling group {}: {} hosts wanted, capped at its MaxSize {}", asgName, want,
                    group.maxSize());
            want = group.maxSize();
        }
        if (want != hosts) {
            log.info("Auto Scaling group {}: asked for {} hosts, sizing to {} (MinSize {}, MaxSize {})", asgName,
                    hosts, want, group.minSize(), group.maxSize());
        }
        if (group.desiredCapacity() != want) {
            int size = want;
            try {
                autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(asgName).desiredCapacity(size)
                        .honorCooldown(false));
            } catch (SdkException e) {
                throw failure("SetDesiredCapacity", e);
            }
            log.info("Auto Scaling group {}: desired capacity {} -> {}", asgName, group.desiredCapacity(), want);
        }
        return want;
    }

    @Override
    public int healthyInService() {
        List<String> ids = new ArrayList<>();
        for (Instance i : group().instances()) {
            if (i.lifecycleState() == LifecycleState.IN_SERVICE && "Healthy".equalsIgnoreCase(i.healthStatus())) {
                ids.add(i.instanceId());
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        Set<String> unhealthy = new HashSet<>();
        try {
            ec2.describeInstanceStatusPaginator(r -> r.instanceIds(ids).includeAllInstances(true)).instanceStatuses()
                    .forEach(s -> {
                        if (!healthy(s)) {
                            unhealthy.add(s.instanceId());
                        }
                    });
        } catch (SdkException e) {
            if (!ec2StatusWarned) {
                log.warn("ec2 DescribeInstanceStatus failed for the instances of {} ({}); counting the group's "
                        + "InService/Healthy instances only: {}", asgName, where, awsMessage(e));
                ec2StatusWarned = true;
            }
        }
        return (int) ids.stream().filter(id -> !unhealthy.contains(id)).count();
    }

    private static boolean healthy(InstanceStatus s) {
        return (s.instanceState() == null || s.instanceState().name() == InstanceStateName.RUNNING)
                && !impaired(s.instanceStatus() == null ? null : s.instanceStatus().status())
                && !impaired(s.systemStatus() == null ? null : s.systemStatus().status());
    }

    private static boolean impaired(SummaryStatus status) {
        return status == SummaryStatus.IMPAIRED;
    }

    @Override
    public int desired() {
        return group().desiredCapacity();
    }

    @Override
    public List<String> instanceIds() {
        return group().instances().stream().filter(i -> !terminating(i.lifecycleState())).map(Instance::instanceId)
                .toList();
    }

    private static boolean terminating(LifecycleState state) {
        String name = state == null ? "" : state.toString();
        return name.startsWith("Terminat") || name.startsWith("Detach");
    }

    /** {@code TerminateInstanceInAutoScalingGroup} with {@code ShouldDecrementDesiredCapacity=true}. */
    @Override
    public void terminate(String instanceId) {
        try {
            autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(instanceId)
                    .shouldDecrementDesiredCapacity(true));
        } catch (SdkException e) {
            throw failure("TerminateInstanceInAutoScalingGroup", e);
        }
        log.info("Auto Scaling group {}: terminating idle instance {} (desired capacity decremented)", asgName,
                instanceId);
    }

    @Override
    public String describe() {
        return "Auto Scaling group '" + asgName + "' (" + where + ")";
    }

    private FleetException failure(String action, SdkException e) {
        return new FleetException("autoscaling:" + action + " failed for Auto Scaling group '" + asgName + "' ("
                + where + "): " + awsMessage(e) + ". Check the manager's AWS credentials, AWS_REGION / "
                + "benchfleet.fleet.region and IAM permission autoscaling:" + action, e);
    }

    /** The AWS error code and message of {@code e} on one line, without a trailing full stop. */
    static String awsMessage(SdkException e) {
        String msg = e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorMessage() != null
                ? ase.awsErrorDetails().errorCode() + ": " + ase.awsErrorDetails().errorMessage()
                : e.getMessage();
        msg = msg == null ? e.getClass().getSimpleName() : msg;
        msg = msg.replaceAll("\\s+", " ").strip();
        if (msg.endsWith(".")) {
            msg = msg.substring(0, msg.length() - 1);
        }
        return msg;
    }

    @Override
    public void close() {
        try {
            autoScaling.close();
        } finally {
            ec2.close();
        }
    }
}
