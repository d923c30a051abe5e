package io.benchfleet.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.worker.config.DockerProperties;
import io.benchfleet.worker.trial.TrialInfrastructureException;
import org.junit.jupiter.api.Test;

/** The docker executor without a daemon: the container spec, and an unreachable daemon. */
class HarborDockerExecutorUnitTest {

    static final String NO_DAEMON = "unix:///tmp/benchfleet-no-such-dir/docker.sock";

    static Partition partition() {
        return new Partition("fix-git__a01", 0, "spec", "terminal-bench@2.0", "fix-git", 1, "oracle", null, Map.of(),
                "benchfleet/harbor:0.22.0", 1.0, 60, 60, List.of("ANTHROPIC_API_KEY"));
    }

    HarborDockerExecutor executor(String host, Path registry) {
        DockerProperties props = new DockerProperties(host, registry, List.of("benchfleet/harbor:0.22.0"), null,
                Duration.ofSeconds(5), null, null, null);
        return new HarborDockerExecutor(DockerClients.create(host), props, "host-1", name -> "secret-value");
    }

    @Test
    void theSpecMountsTheSocketTheJobsDirAtTheSamePathAndTheRegistryFileReadOnly() {
        ContainerSpec spec = executor("unix:///run/user/docker.sock", Path.of("/etc/harbor/registry.json"))
                .spec(partition(), Path.of("/data/jobs/se-9"), new TrialLabels(3L, 9L),
                        Map.of("ANTHROPIC_API_KEY", "secret-value"));
        assertThat(spec.binds()).extracting(Object::toString).containsExactly(
                "/run/user/docker.sock:/var/run/docker.sock:rw", "/data/jobs/se-9:/data/jobs/se-9:rw",
                "/etc/harbor/registry.json:/etc/harbor/registry.json:ro");
        assertThat(spec.argv()).endsWith("-e", "docker", "-y", "--registry-path", "/etc/harbor/registry.json");
        assertThat(spec.labels()).containsEntry("benchfleet.job-execution", "3")
                .containsEntry("benchfleet.step-execution", "9").containsEntry("benchfleet.worker", "host-1");
        assertThat(spec.envNames()).containsExactly("ANTHROPIC_API_KEY");
        assertThat(spec.toString()).doesNotContain("secret-value");
        assertThat(spec.name()).isEqualTo("benchfleet-se9-fix-git__a01");
    }

    @Test
    void aTcpDaemonIsPassedAsDockerHostInsteadOfASocketMount() {
        ContainerSpec spec = executor("tcp://10.0.0.5:2375", null).spec(partition(), Path.of("/data/jobs/se-9"),
                new TrialLabels(null, 9L), Map.of());
        assertThat(spec.binds()).extracting(Object::toString).containsExactly("/data/jobs/se-9:/data/jobs/se-9:rw");
        assertThat(spec.env()).containsExactly("DOCKER_HOST=tcp://10.0.0.5:2375");
        assertThat(spec.labels()).containsEntry("benchfleet.job-execution", "unknown");
    }

    @Test
    void anUnreachableDaemonIsOneLineNamingTheAddressAndDockerHost() {
        assertThatThrownBy(() -> executor(NO_DAEMON, null).run(partition(), Path.of("/tmp/bf-unit/se-1"),
                new TrialLabels(1L, 1L)))
                .isInstanceOf(TrialInfrastructureException.class)
                .hasMessageStartingWith("Docker daemon not reachable at " + NO_DAEMON)
                .hasMessageContaining("DOCKER_HOST")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnreachableDaemonAtStartUpLeavesTheWorkerNotReadyWithTheReason() {
        DockerReadiness readiness = executor(NO_DAEMON, null).readiness();
        readiness.start();
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).contains("not reachable at " + NO_DAEMON);
    }

    @Test
    void aDaemonErrorBodyIsReducedToTheDaemonsOwnMessage() {
        assertThat(DockerClients.rootMessage(new RuntimeException(
                "Status 500: {\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": no such host\"}\n")))
                .isEqualTo("Get \"https://registry-1.docker.io/v2/\": no such host");
    }

    @Test
    void imageNamesAreSplitIntoRepositoryAndTagWithLatestAsDefault() {
        assertThat(HarborImages.repository("registry:5000/org/harbor:0.22.0")).isEqualTo("registry:5000/org/harbor");
        assertThat(HarborImages.tag("registry:5000/org/harbor:0.22.0")).isEqualTo("0.22.0");
        assertThat(HarborImages.tag("registry:5000/org/harbor")).isEqualTo("latest");
        assertThat(HarborImages.repository("registry:5000/org/harbor")).isEqualTo("registry:5000/org/harbor");
        assertThat(HarborImages.tag("org/harbor@sha256:abc")).isNull();
    }
}
