package io.benchfleet.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.benchfleet.jobdefs.harbor.FailureClass;
import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.config.DockerProperties;
import io.benchfleet.worker.testing.MovingClock;
import io.benchfleet.worker.trial.TrialEvaluator;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import io.benchfleet.worker.trial.TrialRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * What a real worker host adds to a trial, against a real Docker daemon and the Harbor stand-in (which behaves like
 * Harbor 0.22: it prompts without {@code -y}, starts its task environment as a compose project of sibling containers
 * that write into the trial directory as root, and leaves that project running when it is killed): no hang at the
 * prompt, no leaked container or network, trial directories the worker's user owns, a pull deadline, and image
 * pruning.
 */
class DockerHostHygieneTest {

    @RegisterExtension
    static final DockerDaemon daemon = new DockerDaemon();

    static final String WORKER = "bf-hygiene-host-" + ProcessHandle.current().pid();

    @TempDir
    static Path buildDir;

    @TempDir
    Path workDir;

    @BeforeAll
    static void buildTheStandInImage() throws Exception {
        HarborStandIn.build(daemon.client(), daemon.host(), buildDir);
    }

    DockerProperties properties(String trialOwner, Duration pullTimeout, Duration janitorMaxAge) {
        return new DockerProperties(daemon.host(), null, List.of(), "none", pullTimeout, Duration.ZERO, true, null,
                trialOwner, null, janitorMaxAge, null, null);
    }

    HarborDockerExecutor executor(DockerProperties properties) {
        return new HarborDockerExecutor(daemon.client(), properties, WORKER, name -> null, workDir.resolve("jobs"));
    }

    HarborDockerExecutor executor() {
        return executor(properties(null, Duration.ofSeconds(20), null));
    }

    static Partition partition(String agent, long timeoutSeconds, String image) {
        return new Partition(Partition.keyOf("fix-git", 1), 0, "spec", "terminal-bench@2.0", "fix-git", 1, agent,
                null, Map.of(), image, 1.0, timeoutSeconds, 60, List.of());
    }

    Path jobsDir(long step) {
        return workDir.resolve("jobs/se-" + step);
    }

    static TrialRecord evaluate(Path jobDir) {
        return new TrialEvaluator().evaluate(jobDir, Instant.now(), Instant.now());
    }

    /** The compose project Harbor (and the stand-in) names the trial's environment: {@code <trial>__env}. */
    static String environmentOf(Path jobDir) {
        List<Path> trials = new HarborJobDirectory(jobDir).trialDirectories();
        assertThat(trials).hasSize(1);
        return HarborComposeProjects.projectName(trials.get(0).getFileName() + "__env");
    }

    List<Container> containersOf(String project) {
        return daemon.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(HarborComposeProjects.PROJECT_LABEL, project)).exec();
    }

    int networksOf(String project) {
        return daemon.client().listNetworksCmd()
                .withFilter("label", List.of(HarborComposeProjects.PROJECT_LABEL + "=" + project)).exec().size();
    }

    // ------------------------------------------------------------------------------------------------ -y

    @Test
    void aTaskThatAsksToProceedDoesNotHangTheTrialBecauseEveryRunIsToldYes() throws Exception {
        // Control: the same command line without -y waits at the prompt (so the trial below would hang without it).
        List<String> withoutYes = new ArrayList<>(new HarborCommandLine().argv(partition("standin-prompt", 60,
                HarborStandIn.IMAGE), jobsDir(1)));
        withoutYes.remove("-y");
        Files.createDirectories(jobsDir(1));
        String control = daemon.client().createContainerCmd(HarborStandIn.IMAGE).withCmd(withoutYes)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withBinds(new Bind(
                        jobsDir(1).toString(), new Volume(jobsDir(1).toString()), AccessMode.rw)))
                .exec().getId();
        try {
            daemon.client().startContainerCmd(control).exec();
            Thread.sleep(3000);
            assertThat(daemon.client().inspectContainerCmd(control).exec().getState().getRunning())
                    .as("without -y the stand-in waits at the prompt").isTrue();
        } finally {
            daemon.client().removeContainerCmd(control).withForce(true).exec();
        }

        long start = System.nanoTime();
        Path jobDir = executor().run(partition("standin-prompt", 60, HarborStandIn.IMAGE), jobsDir(2),
                new TrialLabels(1L, 2L));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("far below the 60 s limit")
                .isLessThan(Duration.ofSeconds(30));
        TrialRecord record = evaluate(jobDir);
        assertThat(record.failureClass()).isEqualTo(FailureClass.NONE);
        assertThat(record.reward()).isEqualTo(1.0);
        assertThat(Files.readString(jobDir.resolve("container.log"))).contains("yes=true")
                .doesNotContain("Proceed?");
    }

    // ------------------------------------------------------------------------------------------------ compose

    @Test
    void aTrialKilledAtItsTimeLimitLeavesNoTaskContainerAndNoNetworkBehind() throws Exception {
        HarborStandIn.requireComposeEnvironments();

        Path jobDir = executor().run(partition("standin-hang", 4, HarborStandIn.IMAGE), jobsDir(3),
                new TrialLabels(1L, 3L));

        assertNoEnvironmentLeft(jobDir, "environment %s up");
        assertThat(Files.readString(jobDir.resolve(TrialRunSupport.TIMEOUT_FILE))).contains("wall-clock limit");
        assertThat(evaluate(jobDir).failureClass()).isEqualTo(FailureClass.INFRA);
    }

    /** The trial's environment existed (its Harbor logged {@code evidence}, %s the project) and is gone now. */
    void assertNoEnvironmentLeft(Path jobDir, String evidence) throws IOException {
        String project = environmentOf(jobDir);
        assertThat(Files.readString(jobDir.resolve("container.log"))).contains(evidence.formatted(project));
        assertThat(containersOf(project)).isEmpty();
        assertThat(networksOf(project)).isZero();
    }

    @Test
    void aTaskEnvironmentWhoseOwnCleanUpFailedIsRemovedWhenTheTrialEnds() throws Exception {
        HarborStandIn.requireComposeEnvironments();

        Path jobDir = executor().run(partition("standin-leak", 60, HarborStandIn.IMAGE), jobsDir(4),
                new TrialLabels(1L, 4L));

        assertNoEnvironmentLeft(jobDir, "%s left behind");
        assertThat(evaluate(jobDir).reward()).isEqualTo(1.0);
    }

    /** A compose project of one sleeping container that mounts {@code mounted}, and its network. */
    String composeProject(String project, Path mounted) throws IOException {
        Files.createDirectories(mounted);
        daemon.client().createNetworkCmd().withName(project + "_default")
                .withLabels(Map.of(HarborComposeProjects.PROJECT_LABEL, project)).exec();
        String id = daemon.client().createContainerCmd(HarborStandIn.IMAGE).withCmd("sleep", "600")
                .withLabels(Map.of(HarborComposeProjects.PROJECT_LABEL, project,
                        "com.docker.compose.service", "main"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withBinds(new Bind(
                        mounted.toString(), new Volume("/logs/agent"), AccessMode.rw)))
                .exec().getId();
        daemon.client().startContainerCmd(id).exec();
        return id;
    }

    void removeProject(String project) {
        new HarborComposeProjects(daemon.client(), daemon.host()).remove(new HarborComposeProjects(daemon.client(),
                daemon.host()).all().stream().filter(p -> p.name().equals(project)).toList(), "test clean-up");
        daemon.client().listNetworksCmd().withNameFilter(project + "_default").exec()
                .forEach(n -> daemon.client().removeNetworkCmd(n.getId()).exec());
    }

    @Test
    void startUpRemovesTheTaskEnvironmentsOfThisWorkersEarlierTrialsAndNoOneElses() throws Exception {
        String mine = "fix-git__orphan" + ProcessHandle.current().pid() + "__env";
        String foreign = "fix-git__foreign" + ProcessHandle.current().pid() + "__env";
        composeProject(mine, workDir.resolve("jobs/se-9/fix-git__a01/fix-git__orphan/agent"));
        composeProject(foreign, workDir.resolve("elsewhere/se-9/fix-git__a01/fix-git__foreign/agent"));
        try {
            HarborDockerExecutor executor = executor();

            executor.readiness().start();

            assertThat(executor.readiness().ready()).as(executor.readiness().reason()).isTrue();
            assertThat(containersOf(mine)).isEmpty();
            assertThat(networksOf(mine)).isZero();
            assertThat(containersOf(foreign)).as("another worker's jobs directory").hasSize(1);
            assertThat(networksOf(foreign)).isEqualTo(1);
        } finally {
            removeProject(mine);
            removeProject(foreign);
        }
    }

    @Test
    void theJanitorRemovesLeftoversOlderThanItsMaxAgeButNeverThoseOfARunningTrial() throws Exception {
        HarborStandIn.requireComposeEnvironments();
        String leftover = "regex-log__leftover" + ProcessHandle.current().pid() + "__env";
        composeProject(leftover, workDir.resolve("jobs/se-5/regex-log__a01/regex-log__leftover/agent"));
        HarborDockerExecutor executor = executor(properties(null, Duration.ofSeconds(20), Duration.ofSeconds(1)));
        try {
            CompletableFuture<Path> running = CompletableFuture.supplyAsync(() -> executor.run(
                    partition("standin-hang", 12, HarborStandIn.IMAGE), jobsDir(6), new TrialLabels(1L, 6L)));
            Path runningJobDir = jobsDir(6).resolve("fix-git__a01");
            String runningProject = awaitEnvironment(runningJobDir);
            Thread.sleep(2500); // both are older than the janitor's 1 s now

            DockerJanitor.Sweep sweep = executor.janitor(workDir.resolve("jobs"), null).sweep();

            assertThat(containersOf(leftover)).isEmpty();
            assertThat(networksOf(leftover)).isZero();
            assertThat(sweep.projects()).isEqualTo(1);
            assertThat(containersOf(runningProject)).as("the running trial's environment").hasSize(1);
            assertThat(running).as("the running trial's Harbor container was left alone").isNotDone();
            Path jobDir = running.get(60, TimeUnit.SECONDS);
            assertThat(evaluate(jobDir).failureClass()).isEqualTo(FailureClass.INFRA);
            assertThat(containersOf(runningProject)).isEmpty();
        } finally {
            removeProject(leftover);
        }
    }

    private String awaitEnvironment(Path jobDir) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!new HarborJobDirectory(jobDir).trialDirectories().isEmpty()) {
                String project = environmentOf(jobDir);
                if (!containersOf(project).isEmpty()) {
                    return project;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the stand-in started no environment in " + jobDir);
    }

    // ------------------------------------------------------------------------------------------------ owner

    @Test
    void aNonRootWorkersTrialDirectoriesAreAllItsOwnWhetherTheTrialEndsOrIsKilled() throws Exception {
        HarborStandIn.requireComposeEnvironments();
        // a worker running as 4242:4242 (the tests run as root and can play it); the temp dir must be traversable
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        HarborDockerExecutor executor = executor(properties("4242:4242", Duration.ofSeconds(20), null));

        Path passed = executor.run(partition("standin-pass", 60, HarborStandIn.IMAGE), jobsDir(7),
                new TrialLabels(1L, 7L));
        Path killed = executor.run(partition("standin-hang", 4, HarborStandIn.IMAGE), jobsDir(8),
                new TrialLabels(1L, 8L));

        for (Path jobDir : List.of(passed, killed)) {
            assertThat(Files.readString(jobDir.resolve("container.log"))).as("Harbor ran as the worker's user")
                    .contains("uid=4242");
            Path trial = new HarborJobDirectory(jobDir).trialDirectories().get(0);
            assertThat(trial.resolve("agent/task-output.txt")).as("written by the root task container").exists();
            try (Stream<Path> all = Files.walk(jobsDir(jobDir == passed ? 7 : 8))) {
                assertThat(all.toList()).allSatisfy(p -> {
                    assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(p.toString())
                            .isEqualTo(4242);
                    assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(p.toString())
                            .isEqualTo(4242);
                });
            }
        }
        assertThat(evaluate(passed).reward()).isEqualTo(1.0);
    }

    // ------------------------------------------------------------------------------------------------ pull

    /** A registry that accepts connections and never answers: every pull from it hangs. */
    static final class SilentRegistry implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    accepted.add(socket.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-registry");

        SilentRegistry() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String image() {
            return "127.0.0.1:" + socket.getLocalPort() + "/benchfleet-stuck/harbor:1";
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aPullThatHangsFailsTheTrialAsInfraWithinThePullDeadlineNotTheTrialLimitAndStartsNoContainer()
            throws Exception {
        try (SilentRegistry registry = new SilentRegistry()) {
            HarborDockerExecutor executor = executor(properties(null, Duration.ofSeconds(3), null));
            Partition slow = partition("standin-pass", 600, registry.image());
            long start = System.nanoTime();

            // two slots want the same stuck image: neither waits longer than the deadline for the other's pull
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> failure(() -> executor.run(slow,
                    jobsDir(11), new TrialLabels(1L, 11L))));
            assertThatThrownBy(() -> executor.run(slow, jobsDir(10), new TrialLabels(1L, 10L)))
                    .isInstanceOf(TrialInfrastructureException.class)
                    .hasMessageContaining(registry.image())
                    .hasMessageContaining("deadline of 3 s")
                    .hasMessageContaining("benchfleet.worker.docker.pull-timeout")
                    .hasMessageNotContaining("\n");
            assertThat(other.get(30, TimeUnit.SECONDS)).isInstanceOf(TrialInfrastructureException.class)
                    .hasMessageContaining("deadline");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("about one deadline, not 600 s")
                    .isLessThan(Duration.ofSeconds(20));
            assertThat(registry.accepted).as("the daemon did try the registry").isNotEmpty();
            assertThat(daemon.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(BenchfleetLabels.WORKER, WORKER)).exec()).isEmpty();
        }
    }

    private static Throwable failure(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    // ------------------------------------------------------------------------------------------------ images

    /** {@code docker import} of a one-file image of {@code mebibytes} MiB of random bytes (incompressible). */
    void importImage(String reference, int mebibytes) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("image-" + mebibytes + "-" + System.nanoTime()));
        byte[] data = new byte[mebibytes << 20];
        new Random(mebibytes).nextBytes(data);
        Files.write(dir.resolve("blob"), data);
        Path tar = workDir.resolve(dir.getFileName() + ".tar");
        run("tar", "-C", dir.toString(), "-cf", tar.toString(), "blob");
        run("docker", "-H", daemon.host(), "import", tar.toString(), reference);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Test
    void imagesAboveTheCapArePrunedLeastRecentlyUsedFirstNeverAPrePulledOrUsedOne() throws Exception {
        String repo = "benchfleet-prune-" + ProcessHandle.current().pid();
        String a = repo + "/a:1";
        String b = repo + "/b:1";
        String c = repo + "/c:1";
        String d = repo + "/d:1";
        importImage(a, 2);
        importImage(b, 4);
        importImage(c, 1);
        importImage(d, 1);
        String user = daemon.client().createContainerCmd(c).withCmd("none").exec().getId();
        try {
            MovingClock clock = new MovingClock(Instant.parse("2026-11-23T10:00:00Z"));
            ImagePruner pruner = new ImagePruner(daemon.client(), daemon.host(), DataSize.ofMegabytes(5).toBytes(),
                    List.of(repo + "/*"), () -> java.util.Set.of(d), clock);
            pruner.used(b);
            clock.advance(Duration.ofSeconds(60));
            pruner.used(a);
            clock.advance(Duration.ofSeconds(60));

            // 2 + 4 + 1 + 1 MiB (plus tar headers) = 8 MiB over a 5 MiB cap: 3 MiB must go. b (4 MiB) is the least
            // recently used; removing it is enough. c is in use by a container, d is pre-pulled.
            long freed = pruner.prune();

            assertThat(present(b)).isFalse();
            assertThat(present(a)).isTrue();
            assertThat(present(c)).isTrue();
            assertThat(present(d)).isTrue();
            assertThat(freed).isBetween(4L << 20, (4L << 20) + (1L << 16));
            assertThat(pruner.prune()).as("within the cap now").isZero();
        } finally {
            daemon.client().removeContainerCmd(user).withForce(true).exec();
            for (String image : List.of(a, b, c, d)) {
                if (present(image)) {
                    daemon.client().removeImageCmd(image).withForce(true).exec();
                }
            }
        }
    }

    private boolean present(String image) {
        try {
            daemon.client().inspectImageCmd(image).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }
}
