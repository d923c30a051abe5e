package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * {@link AutoScalingFleet} (what the {@link FleetController} calls) against a real Auto Scaling API (moto_server on loopback): a
 * launch template and a group of at most 5 hosts, created with the SDK for each test.
 */
class AutoScalingFleetTest {

    private static MotoServer moto;
    private static AutoScalingClient autoScaling;
    private static Ec2Client ec2;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                MotoServer.SECRET_KEY));
        autoScaling = AutoScalingClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(credentials).build();
        ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(credentials).build();
    }

    @AfterAll
    static void stopMoto() {
        try {
            if (autoScaling != null) {
                autoScaling.close();
                ec2.close();
            }
        } finally {
            if (moto != null) {
                moto.close();
            }
        }
    }

    /** A new launch template and group (min 0, max 5, desired 0); returns the group's name. */
    private static String newGroup() {
        String name = "benchfleet-workers-" + UUID.randomUUID().toString().substring(0, 8);
        ec2.createLaunchTemplate(r -> r.launchTemplateName(name).launchTemplateData(d -> d
                .imageId("ami-12c6146b").instanceType("m7i.2xlarge")));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name).minSize(0).maxSize(5)
                .desiredCapacity(0).availabilityZones("us-east-1a")
                .launchTemplate(t -> t.launchTemplateName(name).version("$Latest")));
        return name;
    }

    private static AutoScalingGroup group(String name) {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
    }

    @Test
    void scalingUpSetsTheDesiredCapacityAndCountsTheHealthyInServiceHosts() {
        String name = newGroup();
        try (AutoScalingFleet fleet = AutoScalingFleet.create(moto.properties(name))) {
            assertThat(fleet.healthyInService()).isZero();

            assertThat(fleet.scaleTo(3)).isEqualTo(3);

            assertThat(group(name).desiredCapacity()).isEqualTo(3);
            assertThat(fleet.desired()).isEqualTo(3);
            assertThat(fleet.healthyInService()).isEqualTo(3);
        }
    }

    @Test
    void anUnhealthyHostIsNotCountedAsInService() {
        String name = newGroup();
        try (AutoScalingFleet fleet = AutoScalingFleet.create(moto.properties(name))) {
            fleet.scaleTo(2);
            String sick = group(name).instances().get(0).instanceId();
            autoScaling.setInstanceHealth(r -> r.instanceId(sick).healthStatus("Unhealthy")
                    .shouldRespectGracePeriod(false));

            assertThat(fleet.healthyInService()).isEqualTo(1);
        }
    }

    @Test
    void aTerminatedIdleInstanceLeavesTheGroupAndLowersItsDesiredCapacityByOne() {
        String name = newGroup();
        try (AutoScalingFleet fleet = AutoScalingFleet.create(moto.properties(name))) {
            fleet.scaleTo(3);
            String idle = fleet.instanceIds().get(1);

            fleet.terminate(idle);

            // TerminateInstanceInAutoScalingGroup with ShouldDecrementDesiredCapacity: 3 - 1 = 2, not replaced
            assertThat(group(name).desiredCapacity()).isEqualTo(2);
            assertThat(fleet.instanceIds()).hasSize(2).doesNotContain(idle);
        }
    }

    @Test
    void withNewInstancesProtectedFromScaleInALowerDesiredCapacityTerminatesNoHost() {
        String name = "benchfleet-protected-" + UUID.randomUUID().toString().substring(0, 8);
        ec2.createLaunchTemplate(r -> r.launchTemplateName(name).launchTemplateData(d -> d
                .imageId("ami-12c6146b").instanceType("m7i.2xlarge")));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name).minSize(0).maxSize(5)
                .desiredCapacity(0).availabilityZones("us-east-1a").newInstancesProtectedFromScaleIn(true)
                .launchTemplate(t -> t.launchTemplateName(name).version("$Latest")));
        try (AutoScalingFleet fleet = AutoScalingFleet.create(moto.properties(name))) {
            fleet.scaleTo(3);
            java.util.List<String> launched = fleet.instanceIds();

            fleet.scaleTo(1);

            // the group's own scale-in may not pick a victim: every instance is protected (as terraform makes them)
            assertThat(group(name).instances()).allMatch(i -> Boolean.TRUE.equals(i.protectedFromScaleIn()));
            assertThat(fleet.instanceIds()).containsExactlyInAnyOrderElementsOf(launched);

            fleet.terminate(launched.get(0));
            assertThat(fleet.instanceIds()).as("only the controller's chosen instance goes")
                    .containsExactlyInAnyOrderElementsOf(launched.subList(1, 3));
        }
    }

    @Test
    void theGroupIsNeverSizedAboveItsMaxSize() {
        String name = newGroup();
        try (AutoScalingFleet fleet = AutoScalingFleet.create(moto.properties(name))) {
            // 750 partitions / 4 slots = 188 hosts wanted, but the group holds at most 5.
            assertThat(fleet.scaleTo(FleetDecision.hostsFor(750, 200, 4))).isEqualTo(5);

            assertThat(group(name).desiredCapacity()).isEqualTo(5);
            assertThat(group(name).instances()).hasSize(5);
        }
    }

    @Test
    void anUnknownGroupIsOneLineNamingTheGroupAndWhatToCheck() {
        try (AutoScalingFleet fleet = AutoScalingFleet.create(moto.properties("no-such-group"))) {
            assertThatThrownBy(() -> fleet.scaleTo(2)).isInstanceOf(FleetException.class)
                    .hasMessageStartingWith("Auto Scaling group 'no-such-group' not found (region us-east-1, endpoint "
                            + moto.endpoint() + ")")
                    .hasMessageContaining("benchfleet.fleet.asg-name")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThatThrownBy(fleet::healthyInService).isInstanceOf(FleetException.class)
                    .hasMessageContaining("'no-such-group' not found");
        }
    }

    @Test
    void anUnreachableEndpointIsOneLineNamingTheCallAndThePermission() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FleetProperties properties = new FleetProperties("benchfleet-workers", "us-east-1",
                URI.create("http://127.0.0.1:" + closedPort), "testing", "testing", null, null, null, null, null,
                null);
        try (AutoScalingFleet fleet = AutoScalingFleet.create(properties)) {
            assertThatThrownBy(() -> fleet.scaleTo(1)).isInstanceOf(FleetException.class)
                    .hasMessageStartingWith("autoscaling:DescribeAutoScalingGroups failed for Auto Scaling group "
                            + "'benchfleet-workers' (region us-east-1, endpoint http://127.0.0.1:" + closedPort + "): ")
                    .hasMessageContaining("IAM permission autoscaling:DescribeAutoScalingGroups")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void withoutAGroupNameThereIsNothingToSize() {
        assertThatThrownBy(() -> AutoScalingFleet.create(FleetProperties.defaults()))
                .isInstanceOf(FleetException.class).hasMessageContaining("benchfleet.fleet.asg-name");
    }
}
