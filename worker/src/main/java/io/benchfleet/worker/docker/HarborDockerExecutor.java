package io.benchfleet.worker.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.benchfleet.jobdefs.plan.ExecutorNames;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.config.DockerProperties;
import io.benchfleet.worker.host.DiskGuard;
import io.benchfleet.worker.trial.TrialExecutor;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * The production executor: one Harbor container per partition on this host's Docker daemon.
 *
 * <p>The container gets the host's Docker socket (Harbor starts the task's containers as siblings with
 * {@code docker compose}) and the jobs directory at the <em>same absolute path</em> (Harbor bind-mounts trial
 * directories by host path). It carries the {@link BenchfleetLabels} so a restarted worker removes what a crashed one
 * left. The partition's secrets are passed by name from this worker's environment and never logged. At the wall-clock
 * limit ({@code trialTimeoutSeconds}) or when the step is stopped (thread interrupt) the container is killed; the
 * container is always removed. Output goes to {@code <job dir>/container.log} and to the worker log.
 *
 * <p>Host hygiene around each trial: the Harbor container runs as the owner of the trial directories
 * ({@link TrialOwnership}); whenever the container ends (normally, at the time limit, on stop) the trial's Harbor
 * compose projects are removed ({@link HarborComposeProjects}: Harbor killed at the limit leaves them running) and
 * anything in the trial directory still owned by someone else is handed over, so the worker can delete it. The janitor
 * ({@link #janitor}) and start-up ({@link DockerReadiness}) catch what is left behind otherwise.
 */
public class HarborDockerExecutor implements TrialExecutor, InitializingBean, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HarborDockerExecutor.class);

    /** The container's output, in the Harbor job directory. */
    public static final String CONTAINER_LOG = "container.log";
    /** Where the host's socket appears inside the Harbor container (the docker CLI's default). */
    static final String CONTAINER_SOCKET = "/var/run/docker.sock";
    /** Output beyond this is not written (Harbor job logs can grow to gigabytes). */
    static final long MAX_LOG_BYTES = 64L * 1024 * 1024;

    private final DockerClient docker;
    private final DockerProperties properties;
    private final String workerHost;
    private final HarborCommandLine commandLine;
    private final Function<String, String> environment;
    private final HarborImages images;
    private final DockerReadiness readiness;
    private final HarborComposeProjects compose;
    private final TrialOwnership ownership;
    private final RunningTrials running = new RunningTrials();
    private final Set<String> harborImages = ConcurrentHashMap.newKeySet();
    private final ImagePruner pruner;
    private volatile Consumer<String> onContainerStarted = id -> { };

    public HarborDockerExecutor(DockerClient docker, DockerProperties properties, String workerHost,
            Function<String, String> environment) {
        this(docker, properties, workerHost, environment, null);
    }

    /** @param jobsRoot this worker's jobs directory (start-up removes the compose projects mounting it), or null */
    public HarborDockerExecutor(DockerClient docker, DockerProperties properties, String workerHost,
            Function<String, String> environment, Path jobsRoot) {
        this.docker = docker;
        this.properties = properties;
        this.workerHost = workerHost;
        this.commandLine = new HarborCommandLine(properties.harborExecutable(), properties.registryPath());
        this.environment = environment;
        this.images = new HarborImages(docker, properties.host(), properties.pullTimeout());
        this.compose = new HarborComposeProjects(docker, properties.host());
        this.readiness = new DockerReadiness(docker, properties, workerHost, images, compose,
                jobsRoot == null ? null : jobsRoot.toAbsolutePath().normalize());
        this.ownership = new TrialOwnership(docker, properties.host(), properties.trialOwner(),
                properties.socketPath(), properties.networkMode(), Map.of(BenchfleetLabels.WORKER, workerHost));
        this.pruner = new ImagePruner(docker, properties.host(), properties.imageCap().toBytes(),
                properties.pruneImages(), this::protectedImages, Clock.systemUTC());
    }

    /** The executor of {@code benchfleet.worker.executor=docker}: a client for the configured daemon. */
    public static HarborDockerExecutor create(DockerProperties properties, String workerHost, Path jobsRoot) {
        return new HarborDockerExecutor(DockerClients.create(properties.host()), properties, workerHost,
                System::getenv, jobsRoot);
    }

    /** The periodic clean-up of this executor's host (leftovers, images, disk). */
    public DockerJanitor janitor(Path jobsRoot, DiskGuard disk) {
        return new DockerJanitor(docker, properties.host(), workerHost, jobsRoot, compose, running,
                properties.janitorMaxAge(), properties.stopGrace(), pruner, disk, Clock.systemUTC());
    }

    /** Image pruning, which the disk guard asks for space before the host drains. */
    public ImagePruner images() {
        return pruner;
    }

    /** Who owns the trial directories. */
    public TrialOwnership ownership() {
        return ownership;
    }

    /** The pre-pulled images and every Harbor image this worker ran: never pruned. */
    private Set<String> protectedImages() {
        Set<String> keep = new HashSet<>(properties.prepullImages());
        keep.addAll(harborImages);
        return keep;
    }

    public DockerReadiness readiness() {
        return readiness;
    }

    /** Start-up: orphan clean-up and pre-pulls, in the background; {@link #readiness()} reports the outcome. */
    @Override
    public void afterPropertiesSet() {
        Thread startup = new Thread(readiness::start, "benchfleet-docker-startup");
        startup.setDaemon(true);
        startup.start();
    }

    /** Test hook: called with the container id once it has started. */
    void onContainerStarted(Consumer<String> hook) {
        this.onContainerStarted = hook;
    }

    public static final String NAME = ExecutorNames.DOCKER;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Path run(Partition partition, Path jobsDir) {
        return run(partition, jobsDir, TrialLabels.current(jobsDir));
    }

    public Path run(Partition partition, Path jobsDir, TrialLabels labels) {
        Path absoluteJobsDir = jobsDir.toAbsolutePath().normalize();
        Path jobDir = absoluteJobsDir.resolve(partition.key());
        Map<String, String> secrets = TrialRunSupport.secrets(partition, environment, workerHost);
        images.ensurePresent(partition.harborImage());
        harborImages.add(partition.harborImage());
        pruner.used(partition.harborImage());
        try {
            ownership.prepare(absoluteJobsDir);
        } catch (IOException e) {
            throw new TrialInfrastructureException("cannot create jobs directory " + absoluteJobsDir + ": "
                    + e.getMessage(), e);
        }
        ContainerSpec spec = spec(partition, absoluteJobsDir, labels, secrets);
        Path logFile = absoluteJobsDir.resolve(partition.key() + "." + CONTAINER_LOG);
        log.info("partition {}: starting Harbor container {} (image {}, user {}, secrets {}): {}", partition.key(),
                spec.name(), spec.image(), spec.user() == null ? "image default" : spec.user(), spec.envNames(),
                String.join(" ", spec.argv()));
        running.started(absoluteJobsDir, partition.trialTimeoutSeconds());
        String id;
        try {
            id = create(spec);
        } catch (RuntimeException e) {
            running.finished(absoluteJobsDir);
            throw e;
        }
        boolean interrupted = false;
        WaitContainerResultCallback wait = null;
        try (LogStream logs = new LogStream(logFile, partition.key())) {
            try {
                docker.startContainerCmd(id).exec();
                onContainerStarted.accept(id);
                docker.logContainerCmd(id).withFollowStream(true).withStdOut(true).withStdErr(true).exec(logs);
                wait = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback());
                if (wait.awaitCompletion(partition.trialTimeoutSeconds(), TimeUnit.SECONDS)) {
                    Integer status = wait.awaitStatusCode();
                    logs.awaitCompletion(10, TimeUnit.SECONDS);
                    if (status == null || status != 0) {
                        log.warn("partition {}: Harbor exited with status {}", partition.key(), status);
                    }
                } else {
                    log.warn("partition {}: wall-clock limit of {} s reached, killing container {}", partition.key(),
                            partition.trialTimeoutSeconds(), spec.name());
                    stop(id);
                    TrialRunSupport.writeTimeoutNote(jobDir, partition, "Harbor container " + spec.name());
                }
            } catch (InterruptedException e) {
                interrupted = true;
                log.warn("partition {}: interrupted (step stopping), killing container {}", partition.key(),
                        spec.name());
                stop(id);
            } catch (DockerException e) {
                throw new TrialInfrastructureException("Docker failed running Harbor container " + spec.name()
                        + ": " + DockerClients.rootMessage(e), e);
            } catch (RuntimeException e) {
                throw DockerClients.translate(e, properties.host());
            }
        } catch (IOException e) {
            log.warn("partition {}: container log: {}", partition.key(), e.getMessage());
        } finally {
            closeQuietly(wait);
            remove(id);
            removeComposeProjects(partition, jobDir);
            TrialRunSupport.moveIntoJobDir(logFile, jobDir, CONTAINER_LOG);
            ownership.adopt(jobDir.resolve(CONTAINER_LOG));
            ownership.adopt(jobDir.resolve(TrialRunSupport.TIMEOUT_FILE));
            ownership.repair(jobDir, absoluteJobsDir, partition.harborImage());
            running.finished(absoluteJobsDir);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (interrupted) {
            throw new TrialInfrastructureException("trial of " + partition.key() + " was interrupted (worker "
                    + "stopping); its container was killed");
        }
        return jobDir;
    }

    /** The trial's task environments, which a Harbor killed at the limit (or whose own clean-up failed) leaves. */
    private void removeComposeProjects(Partition partition, Path jobDir) {
        try {
            compose.remove(compose.ofJob(jobDir), "partition " + partition.key() + ": its Harbor container ended");
        } catch (RuntimeException e) {
            log.warn("partition {}: could not look for Harbor's compose projects: {}", partition.key(),
                    DockerClients.rootMessage(e));
        }
    }

    /** The container of one partition (pure: no Docker call). */
    ContainerSpec spec(Partition partition, Path jobsDir, TrialLabels trial, Map<String, String> secrets) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(BenchfleetLabels.JOB_EXECUTION, trial.job());
        labels.put(BenchfleetLabels.STEP_EXECUTION, trial.step());
        labels.put(BenchfleetLabels.PARTITION, partition.key());
        labels.put(BenchfleetLabels.WORKER, workerHost);
        List<String> env = new ArrayList<>(ownership.environment());
        secrets.forEach((name, value) -> env.add(name + "=" + value));
        List<Bind> binds = new ArrayList<>();
        String socket = properties.socketPath();
        if (socket != null) {
            binds.add(new Bind(socket, new Volume(CONTAINER_SOCKET), AccessMode.rw));
        } else {
            env.add("DOCKER_HOST=" + properties.host());
        }
        binds.add(new Bind(jobsDir.toString(), new Volume(jobsDir.toString()), AccessMode.rw));
        if (commandLine.registryPath() != null) {
            String registry = commandLine.registryPath().toString();
            binds.add(new Bind(registry, new Volume(registry), AccessMode.ro));
        }
        String name = ("benchfleet-se" + trial.step() + "-" + partition.key()).replaceAll("[^a-zA-Z0-9_.-]", "-");
        return new ContainerSpec(name, partition.harborImage(), commandLine.argv(partition, jobsDir), List.copyOf(env),
                Map.copyOf(labels), List.copyOf(binds), properties.networkMode(), ownership.containerUser(),
                ownership.groupAdd());
    }

    private String create(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig().withBinds(spec.binds());
        if (spec.networkMode() != null) {
            host = host.withNetworkMode(spec.networkMode());
        }
        if (!spec.groupAdd().isEmpty()) {
            host = host.withGroupAdd(spec.groupAdd());
        }
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(spec.name())
                .withCmd(spec.argv())
                .withEnv(spec.env())
                .withLabels(spec.labels())
                .withWorkingDir("/")
                .withHostConfig(host);
        if (spec.user() != null) {
            cmd = cmd.withUser(spec.user());
        }
        try {
            try {
                return cmd.exec().getId();
            } catch (ConflictException e) {
                // a container of the same step execution survived (worker crash): it is ours to replace
                log.warn("removing leftover container {}", spec.name());
                remove(spec.name());
                return cmd.exec().getId();
            }
        } catch (DockerException e) {
            throw new TrialInfrastructureException("cannot create Harbor container " + spec.name() + " from image "
                    + spec.image() + ": " + DockerClients.rootMessage(e), e);
        } catch (RuntimeException e) {
            throw DockerClients.translate(e, properties.host());
        }
    }

    /** SIGTERM with grace (Harbor tears down its task containers), else / then SIGKILL. */
    private void stop(String id) {
        try {
            if (properties.stopGrace().isZero()) {
                docker.killContainerCmd(id).exec();
            } else {
                docker.stopContainerCmd(id).withTimeout((int) properties.stopGrace().toSeconds()).exec();
            }
        } catch (NotFoundException | NotModifiedException | ConflictException e) {
            log.debug("container {} already ended: {}", id, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("could not kill container {}: {}", id, DockerClients.rootMessage(e));
        }
    }

    private void remove(String idOrName) {
        try {
            docker.removeContainerCmd(idOrName).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            log.debug("container {} already removed", idOrName);
        } catch (RuntimeException e) {
            log.warn("could not remove container {}: {}", idOrName, DockerClients.rootMessage(e));
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("closing a Docker stream: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }

    /** Container output → the log file (capped) and the worker log, line by line with the partition key. */
    private static final class LogStream extends ResultCallback.Adapter<Frame> {
        private final OutputStream file;
        private final String key;
        private final StringBuilder line = new StringBuilder();
        private long written;

        LogStream(Path path, String key) throws IOException {
            this.file = Files.newOutputStream(path);
            this.key = key;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null) {
                return;
            }
            try {
                if (written < MAX_LOG_BYTES) {
                    file.write(payload);
                    written += payload.length;
                    if (written >= MAX_LOG_BYTES) {
                        file.write("\n[benchfleet: output truncated here]\n".getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                written = MAX_LOG_BYTES;
            }
            if (written >= MAX_LOG_BYTES) {
                return;
            }
            for (char c : new String(payload, StandardCharsets.UTF_8).toCharArray()) {
                if (c == '\n') {
                    flushLine();
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        private void flushLine() {
            log.info("[{}] {}", key, line);
            line.setLength(0);
        }

        @Override
        public synchronized void close() throws IOException {
            if (!line.isEmpty()) {
                flushLine();
            }
            try {
                super.close();
            } finally {
                file.close();
            }
        }
    }
}
