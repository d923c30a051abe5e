package io.benchfleet.worker.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTrialDirectoriesTest {

    @TempDir
    Path jobs;

    @Test
    void anArchivedTrialDirectoryIsRemovedWithEverythingInIt() throws Exception {
        Path trial = Files.createDirectories(jobs.resolve("se-1/fix-git__a01/fix-git__abc/agent"));
        Files.writeString(trial.resolve("log.txt"), "x");
        LocalTrialDirectories directories = new LocalTrialDirectories();

        assertThat(directories.remove(jobs.resolve("se-1")).complete()).isTrue();

        assertThat(jobs.resolve("se-1")).doesNotExist();
        assertThat(directories.notRemoved()).isZero();
    }

    @Test
    void whatCannotBeDeletedIsCountedAndNamedNotIgnored() throws Exception {
        Path locked = Files.createDirectories(jobs.resolve("se-2/fix-git__a01/locked"));
        Path file = Files.writeString(locked.resolve("result.json"), "{}");
        // an entry this process may not delete: for root an immutable file (chattr +i), else a read-only directory
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assumeTrue(sh("chattr", "+i", file.toString()) == 0, "chattr +i is not supported on " + jobs);
        } else {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        LocalTrialDirectories directories = new LocalTrialDirectories();
        try {
            LocalTrialDirectories.Removal removal = directories.remove(jobs.resolve("se-2"));

            assertThat(removal.complete()).isFalse();
            // the file, and the two directories above it that could not be emptied
            assertThat(removal.left()).isEqualTo(4);
            assertThat(removal.example()).contains("result.json").contains("owned by uid");
            assertThat(directories.notRemoved()).isEqualTo(1);
            assertThat(directories.lastFailure()).contains("se-2").contains("4 entries left");
        } finally {
            if (root) {
                sh("chattr", "-i", file.toString());
            } else {
                Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static int sh(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }
}
