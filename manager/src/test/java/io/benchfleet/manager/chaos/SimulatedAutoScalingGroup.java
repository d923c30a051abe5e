package io.benchfleet.manager.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.benchfleet.worker.host.InstanceMetadata;
import io.benchfleet.worker.host.MetadataStandIn;
import io.benchfleet.worker.testing.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A simulated Auto Scaling group driving simulated hosts: a real moto_server group, sized by the managers' real fleet
 * controller ({@link #managerEnv}), and a reconciler standing in for EC2. Every {@link #POLL} it reads the group
 * ({@code DescribeAutoScalingGroups}) and boots a real worker process for each new instance - host id = instance id,
 * the instance id served to the worker over IMDSv2 by its own {@link MetadataStandIn}, as on EC2 - and shuts down
 * the worker of each instance that left the group. moto has no terminating lifecycle hook (no
 * {@code CompleteLifecycleAction} nor {@code RecordLifecycleActionHeartbeat}: a terminated instance leaves the group at
 * once), so termination is immediate here: no drain, the worker is stopped as the instance shuts down (SIGTERM as
 * systemd gives it, kill -9 after the worker's grace).
 *
 * <p>For every termination it records whether the host was busy at that moment: the trial steps claimed on it
 * (its {@code step_lease} rows) before a manager asked to terminate it and not ended before that request (the managers
 * reach moto through a {@link TerminationRecorder}; a hand scale-in: before the last look that still saw it in the
 * group) - trials the termination cut off - and the registry's {@code busy_slots} as last beaten. It also keeps each look's
 * desired capacity and the time each instance spent in the group (host-seconds).
 */
final class SimulatedAutoScalingGroup implements AutoCloseable {

    static final String NAME = "workers";
    static final Duration POLL = Duration.ofMillis(400);
    static final Duration CONTROL_INTERVAL = Duration.ofMillis(500);
    /** The controller lease: at least twice the interval; a killed controller is replaced within it. */
    static final Duration CONTROL_LEASE = Duration.ofSeconds(3);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final String GRACE = "5s";

    /**
     * A host that left the group, and what ran on it then: at a manager's request ({@code byManager}, at the request's
     * time) or by hand (at the look that saw it gone).
     */
    record Termination(String instanceId, long atMillis, boolean byManager, List<String> trialsCut,
            int registryBusySlots) {

        boolean busy() {
            return !trialsCut.isEmpty();
        }
    }

    /** One look at the group. */
    record Look(long atMillis, int desired, int instances) {
    }

    private record Host(Process worker, MetadataStandIn metadata, long joinedMillis) {
    }

    private final ChaosCluster cluster;
    private final MotoServer moto;
    private final TerminationRecorder recorder;
    private final AutoScalingClient autoScaling;
    private final int slots;
    private final Map<String, String> workerEnv;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    /** Host-seconds of the instances that left, one entry per instance (moved here with {@link #hosts}' lock). */
    private final List<Double> secondsOfGone = new ArrayList<>();
    final List<Termination> terminations = new CopyOnWriteArrayList<>();
    final List<Look> looks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-asg");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastLook;
    private volatile RuntimeException failure;

    /**
     * A group of at most {@code maxSize} hosts of {@code slots} slots each, at desired capacity 0; its workers replay
     * {@code durations} (a workload file, null: the simulated model with {@code median}).
     */
    static SimulatedAutoScalingGroup start(ChaosCluster cluster, int maxSize, int slots, String median,
            Path durations) throws IOException, InterruptedException {
        return new SimulatedAutoScalingGroup(cluster, MotoServer.start(), maxSize, slots, median, durations);
    }

    private SimulatedAutoScalingGroup(ChaosCluster cluster, MotoServer moto, int maxSize, int slots, String median,
            Path durations) {
        this.cluster = cluster;
        this.moto = moto;
        this.recorder = new TerminationRecorder(moto.endpoint());
        this.slots = slots;
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY,
                MotoServer.SECRET_KEY));
        autoScaling = AutoScalingClient.builder().region(Region.of(MotoServer.REGION))
                .endpointOverride(moto.endpoint()).credentialsProvider(credentials).build();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(MotoServer.REGION))
                .endpointOverride(moto.endpoint()).credentialsProvider(credentials).build()) {
            ec2.createLaunchTemplate(r -> r.launchTemplateName(NAME).launchTemplateData(d -> d
                    .imageId("ami-12c6146b").instanceType("m7i.2xlarge")));
        }
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(NAME).minSize(0).maxSize(maxSize)
                .desiredCapacity(0).availabilityZones("us-east-1a")
                .launchTemplate(t -> t.launchTemplateName(NAME).version("$Latest")));
        workerEnv = new LinkedHashMap<>(Map.of("BENCHFLEET_WORKER_FLEET_GROUP", NAME,
                "BENCHFLEET_WORKER_FLEET_INSTANCE_METADATA", "true",
                "BENCHFLEET_WORKER_FLEET_NOTICE_INTERVAL", "1s"));
        workerEnv.put("BENCHFLEET_WORKER_SIMULATED_MEDIAN_DURATION", median);
        if (durations != null) {
            workerEnv.put("BENCHFLEET_WORKER_SIMULATED_DURATIONS_FILE", durations.toAbsolutePath().toString());
        }
        reconciler.scheduleWithFixedDelay(this::reconcileQuietly, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What a manager process needs to size this group with its real fleet controller: the group, moto's endpoint and
     * static test credentials, quick looks, a short controller lease and idle timeout, and the cluster's manager
     * settings.
     */
    Map<String, String> managerEnv() {
        Map<String, String> env = new LinkedHashMap<>(ChaosCluster.MANAGER_SETTINGS);
        env.put("BENCHFLEET_ASG_NAME", NAME);
        env.put("BENCHFLEET_FLEET_ENDPOINT", recorder.endpoint().toString());
        env.put("BENCHFLEET_FLEET_REGION", MotoServer.REGION);
        env.put("BENCHFLEET_FLEET_ACCESSKEY", MotoServer.ACCESS_KEY);
        env.put("BENCHFLEET_FLEET_SECRETKEY", MotoServer.SECRET_KEY);
        env.put("BENCHFLEET_FLEET_CONTROL_INTERVAL", CONTROL_INTERVAL.toMillis() + "ms");
        env.put("BENCHFLEET_FLEET_CONTROL_LEASE", CONTROL_LEASE.toMillis() + "ms");
        env.put("BENCHFLEET_FLEET_CONTROL_IDLETIMEOUT", IDLE_TIMEOUT.toMillis() + "ms");
        env.put("BENCHFLEET_FLEET_CONTROL_SLOTSPERHOST", Integer.toString(slots));
        // a stopped worker leaves the registry itself; one killed after its grace is expired soon
        env.put("BENCHFLEET_FLEET_CONTROL_HOSTLEASE", "6s");
        return env;
    }

    /** Sets the desired capacity by hand, as an operator's {@code scripts/scale.sh} would. */
    void scaleByHand(int desired) {
        autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(NAME).desiredCapacity(desired));
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            failure = e;
            System.err.println("simulated-asg: " + e);
        }
    }

    private void reconcile() {
        long now = System.currentTimeMillis();
        AutoScalingGroup group = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(NAME))
                .autoScalingGroups().get(0);
        Set<String> inGroup = new HashSet<>();
        for (Instance i : group.instances()) {
            String state = String.valueOf(i.lifecycleStateAsString());
            if (!state.startsWith("Terminat") && !state.startsWith("Detach")) {
                inGroup.add(i.instanceId());
            }
        }
        looks.add(new Look(now, group.desiredCapacity(), inGroup.size()));
        for (String id : inGroup) {
            hosts.computeIfAbsent(id, this::boot);
        }
        for (String id : Set.copyOf(hosts.keySet())) {
            if (!inGroup.contains(id)) {
                terminated(id, now);
            }
        }
        lastLook = now;
    }

    private Host boot(String instanceId) {
        try {
            MetadataStandIn metadata = new MetadataStandIn().set(InstanceMetadata.INSTANCE_ID, instanceId)
                    .set(InstanceMetadata.LIFE_CYCLE, "on-demand");
            Map<String, String> env = new LinkedHashMap<>(workerEnv);
            env.put("BENCHFLEET_WORKER_FLEET_METADATA_URL", metadata.url().toString());
            return new Host(cluster.startWorker(instanceId, slots, workerEnv.get(
                    "BENCHFLEET_WORKER_SIMULATED_MEDIAN_DURATION"), GRACE, env), metadata,
                    System.currentTimeMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instance left the group since the last look: what it was running then, then its shutdown. */
    private void terminated(String instanceId, long now) {
        Host host;
        // moved in one step, so that hostSeconds() never misses the host between the two (awaitZero() may return
        // as soon as it left the map)
        synchronized (secondsOfGone) {
            host = hosts.remove(instanceId);
            secondsOfGone.add((now - host.joinedMillis()) / 1000.0);
        }
        // a manager's termination: what ran when it asked; otherwise (a hand scale-in) what ran at the last look
        // that still saw the instance in the group
        Long requested = recorder.requestedAt(instanceId);
        long at = requested != null ? requested : lastLook;
        Timestamp seen = new Timestamp(at);
        LocalDateTime seenLocal = LocalDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneId.systemDefault());
        List<String> cut = cluster.db.jdbc().queryForList("""
                SELECT s.step_name FROM step_lease l
                  JOIN batch_step_execution s ON s.step_execution_id = l.step_execution_id
                 WHERE l.owner LIKE ? AND l.claimed_at < ? AND (s.end_time IS NULL OR s.end_time > ?)
                 ORDER BY s.step_name""", String.class, instanceId + "/%", seen, seenLocal);
        List<Integer> busy = cluster.db.jdbc().queryForList("SELECT busy_slots FROM worker_host WHERE host_id = ?",
                Integer.class, instanceId);
        terminations.add(new Termination(instanceId, requested != null ? requested : now, requested != null, cut,
                busy.isEmpty() ? 0 : busy.get(0)));
        ChaosCluster.terminate(host.worker());
        host.metadata().close();
        Process worker = host.worker();
        worker.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> {
            ChaosCluster.kill(worker);
            return worker;
        });
    }

    /** Seconds every instance spent in the group so far (those still in it: until now). */
    double hostSeconds() {
        long now = System.currentTimeMillis();
        synchronized (secondsOfGone) {
            return secondsOfGone.stream().mapToDouble(Double::doubleValue).sum()
                    + hosts.values().stream().mapToDouble(h -> (now - h.joinedMillis()) / 1000.0).sum();
        }
    }

    /** The desired capacity of the last look (-1 before the first). */
    int desired() {
        return looks.isEmpty() ? -1 : looks.get(looks.size() - 1).desired();
    }

    /** The highest desired capacity seen from {@code fromMillis} to {@code toMillis}. */
    int maxDesired(long fromMillis, long toMillis) {
        return looks.stream().filter(l -> l.atMillis() >= fromMillis && l.atMillis() <= toMillis)
                .mapToInt(Look::desired).max().orElse(-1);
    }

    /** Looks from {@code fromMillis} to {@code toMillis} that saw a desired capacity of zero. */
    List<Look> zeroLooks(long fromMillis, long toMillis) {
        return looks.stream().filter(l -> l.atMillis() >= fromMillis && l.atMillis() <= toMillis
                && l.desired() == 0).toList();
    }

    /** Waits until the group is at zero desired capacity with no instance left; returns when that was seen. */
    long awaitZero(Duration max) {
        ChaosCluster.await("the group to reach zero", max, () -> {
            if (failure != null) {
                throw failure;
            }
            Look last = looks.isEmpty() ? null : looks.get(looks.size() - 1);
            return last != null && last.desired() == 0 && last.instances() == 0 && hosts.isEmpty();
        });
        return looks.get(looks.size() - 1).atMillis();
    }

    /** Waits until {@code n} hosts of the group are registered and take partitions. */
    void awaitReadyHosts(int n, Duration max) {
        ChaosCluster.await(n + " ready hosts", max, () -> cluster.count("SELECT count(*) FROM worker_host WHERE "
                + "worker_group = ? AND state IN ('ready', 'busy') AND host_id = ANY (?)", NAME,
                hosts.keySet().toArray(String[]::new)) >= n);
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        try {
            hosts.values().forEach(h -> {
                ChaosCluster.kill(h.worker());
                h.metadata().close();
            });
            autoScaling.close();
            recorder.close();
        } finally {
            moto.close();
        }
    }
}
