package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.benchfleet.manager.it.CliRun;
import io.benchfleet.manager.it.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The production path of {@code run} (no {@code --local}) with {@code benchfleet.fleet.asg-name} set: SQS, Auto
 * Scaling and EC2 are moto_server, and no worker ever takes a partition (the partition timeout ends the run).
 */
class FleetJobIntegrationTest {

    static final Path SMOKE = Path.of("../job-definitions/examples/smoke-oracle.yaml");

    private static MotoServer moto;
    private static TestDatabase db;
    private static AutoScalingClient autoScaling;
    private static String queue;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        db = new TestDatabase();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                MotoServer.SECRET_KEY));
        autoScaling = AutoScalingClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(credentials).build();
        queue = "benchfleet-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(credentials).build();
             Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                     .credentialsProvider(credentials).build()) {
            sqs.createQueue(r -> r.queueName(queue));
            ec2.createLaunchTemplate(r -> r.launchTemplateName("workers").launchTemplateData(d -> d
                    .imageId("ami-12c6146b").instanceType("m7i.2xlarge")));
        }
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("workers").minSize(0).maxSize(5)
                .desiredCapacity(0).availabilityZones("us-east-1a")
                .launchTemplate(t -> t.launchTemplateName("workers").version("$Latest")));
    }

    @AfterAll
    static void stop() {
        try {
            if (autoScaling != null) {
                autoScaling.close();
            }
        } finally {
            try {
                if (moto != null) {
                    moto.close();
                }
            } finally {
                if (db != null) {
                    db.close();
                }
            }
        }
    }

    @AfterEach
    void keepLog(TestInfo test) throws Exception {
        Path log = stateDir.resolve("logs/benchfleet.log");
        if (Files.exists(log)) {
            Path target = Files.createDirectories(Path.of("target/it-logs"));
            Files.copy(log, target.resolve("fleet-" + test.getTestMethod().orElseThrow().getName() + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Map<String, Object> properties(String asgName) {
        Map<String, Object> props = new LinkedHashMap<>(db.properties());
        props.put("benchfleet.sqs.queue", queue);
        props.put("benchfleet.sqs.endpoint", moto.endpoint().toString());
        props.put("benchfleet.sqs.region", MotoServer.REGION);
        props.put("benchfleet.sqs.access-key", MotoServer.ACCESS_KEY);
        props.put("benchfleet.sqs.secret-key", MotoServer.SECRET_KEY);
        props.put("benchfleet.manager.dead-letter-queue", "none");
        props.put("benchfleet.artifacts.location", stateDir.resolve("artifacts").toString());
        props.put("benchfleet.manager.poll-interval", "200ms");
        props.put("benchfleet.manager.partition-timeout", "3s");
        props.put("benchfleet.manager.infra-retries", "0");
        props.put("benchfleet.fleet.asg-name", asgName);
        props.put("benchfleet.fleet.endpoint", moto.endpoint().toString());
        props.put("benchfleet.fleet.region", MotoServer.REGION);
        props.put("benchfleet.fleet.access-key", MotoServer.ACCESS_KEY);
        props.put("benchfleet.fleet.secret-key", MotoServer.SECRET_KEY);
        props.put("benchfleet.fleet.control.interval", "200ms");
        return props;
    }

    private int desired() {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("workers")).autoScalingGroups()
                .get(0).desiredCapacity();
    }

    @Test
    void aRunSizesTheGroupForItsPartitionsAndScalesItToZeroWhenItEnds() throws Exception {
        CliRun run = CliRun.execute(db.env(), properties("workers"), "--state-dir", stateDir.toString(), "run",
                "--spec", SMOKE.toString(), "--param", "runId=fleet-1", "--param", "maxHosts=3");

        // No worker took a partition; the partition timeout ended the run (with a partial report).
        assertThat(run.out()).as(run.out() + run.err()).contains("Job execution").contains("partial: 6 of 6");
        assertThat(desired()).isZero();
        String log = Files.readString(stateDir.resolve("logs/benchfleet.log"));
        // 6 partitions / 4 slots per host (no worker registered: the configured guess) = 2 hosts (maxHosts 3),
        // then 0 when the run gave up: the manager left with no run active, so it zeroed the group at once.
        assertThat(log).contains("joins with priority normal, at most 3 hosts")
                .contains("1 active run(s), 6 slots demanded, 4 slots per host -> 2 hosts")
                .contains("desired capacity 0 -> 2").contains("-> 0 hosts");
    }

    @Test
    void anUnknownGroupFailsTheRunAtOnceWithOneLineSayingWhatToCheck() {
        CliRun run = CliRun.execute(db.env(), properties("no-such-group"), "--state-dir", stateDir.toString(), "run",
                "--spec", SMOKE.toString(), "--param", "runId=fleet-2");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("Auto Scaling group 'no-such-group' not found (region us-east-1, endpoint "
                + moto.endpoint() + "): check benchfleet.fleet.asg-name");
        assertThat(db.jdbc().queryForObject("SELECT count(*) FROM batch_step_execution s JOIN batch_job_execution e"
                + " ON e.job_execution_id = s.job_execution_id JOIN batch_job_instance i ON i.job_instance_id = "
                + "e.job_instance_id JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id "
                + "WHERE p.parameter_name = 'runId' AND p.parameter_value = 'fleet-2'", Integer.class))
                .as("no partition was created").isZero();
    }
}
