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
    void copyingLeavesTheSourceAndNoStagingCopyBehind() throws Exception {
        Files.createDirectories(trial.resolve("t__x"));
        Files.writeString(trial.resolve("t__x/result.json"), "{}");
        LocalArtifactStore store = new LocalArtifactStore(root);

        store.storeDirectory(trial, ArtifactStore.trialPath(7, "t__a01"));

        assertThat(trial.resolve("t__x/result.json")).hasContent("{}");
        assertThat(root.resolve("runs/7/t__a01/t__x/result.json")).hasContent("{}");
        assertThat(root.resolve("runs/7")).isDirectoryNotContaining(p -> p.getFileName().toString()
                .startsWith(".staging-"));
    }

    @Test
    void movingRenamesTheDirectoryIntoTheStoreInsteadOfCopyingIt() throws Exception {
        Path job = Files.createDirectories(trial.resolve("t__a01/t__x/verifier"));
        Path reward = Files.writeString(job.resolve("reward.txt"), "1");
        Object inode = Files.getAttribute(reward, "unix:ino");

        var uri = new LocalArtifactStore(root).moveDirectory(trial.resolve("t__a01"),
                ArtifactStore.trialPath(7, "t__a01"));

        Path stored = root.resolve("runs/7/t__a01/t__x/verifier/reward.txt");
        assertThat(uri.toString()).endsWith("runs/7/t__a01/");
        assertThat(stored).hasContent("1");
        assertThat(Files.getAttribute(stored, "unix:ino")).as("the same file, not a copy").isEqualTo(inode);
        assertThat(trial.resolve("t__a01")).doesNotExist();
    }

    @Test
    void movingAnotherAttemptIntoAStoredPartitionMergesItAndLeavesTheRestForTheCaller() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root);
        Files.createDirectories(trial.resolve("first/t__x"));
        Files.writeString(trial.resolve("first/t__x/result.json"), "first");
        store.moveDirectory(trial.resolve("first"), ArtifactStore.trialPath(7, "t__a01"));
        Files.createDirectories(trial.resolve("second/t__y"));
        Files.writeString(trial.resolve("second/t__y/result.json"), "second");

        store.moveDirectory(trial.resolve("second"), ArtifactStore.trialPath(7, "t__a01"));

        assertThat(root.resolve("runs/7/t__a01/t__x/result.json")).hasContent("first");
        assertThat(root.resolve("runs/7/t__a01/t__y/result.json")).hasContent("second");
        assertThat(trial.resolve("second/t__y/result.json")).as("copied: the caller removes it").exists();
    }

    @Test
    void findsAStoredDirectoryAndNotAMissingOne() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root);
        Files.writeString(trial.resolve("config.json"), "{}");
        var uri = store.storeDirectory(trial, ArtifactStore.trialPath(7, "t__a01"));

        assertThat(store.find(ArtifactStore.trialPath(7, "t__a01"))).contains(uri);
        assertThat(store.find(ArtifactStore.trialPath(7, "t__a02"))).isEmpty();
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
