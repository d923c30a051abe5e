package io.benchfleet.worker.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest {

    @TempDir
    Path root;

    @TempDir
    Path trial;

    @Test
    void archivesATrialDirectoryTreeUnderRunsJobExecutionAndPartition() throws Exception {
        Files.createDirectories(trial.resolve("t__x/verifier"));
        Files.writeString(trial.resolve("t__x/verifier/reward.txt"), "1");
        var uri = new LocalArtifactStore(root).storeDirectory(trial, ArtifactStore.trialPath(7, "t__a01"));
        assertThat(uri.toString()).endsWith("runs/7/t__a01/");
        assertThat(root.resolve("runs/7/t__a01/t__x/verifier/reward.txt")).hasContent("1");
    }

    @Test
    void writesReportFilesAtomically() {
        var uri = new LocalArtifactStore(root).storeFile("{}".getBytes(StandardCharsets.UTF_8),
                ArtifactStore.reportPath(7, "report.json"), "application/json");
        assertThat(Path.of(uri)).hasContent("{}");
        assertThat(root.resolve("reports/7")).isDirectoryNotContaining(p -> p.getFileName().toString()
                .startsWith(".tmp-"));
    }

    @Test
    void refusesPathsThatEscapeTheStore() {
        assertThatThrownBy(() -> new LocalArtifactStore(root).storeFile(new byte[0], "../evil", "text/plain"))
                .hasMessageContaining("escapes the store");
    }
}
