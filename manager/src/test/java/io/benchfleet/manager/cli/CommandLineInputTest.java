package io.benchfleet.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.benchfleet.manager.it.CliRun;
import io.benchfleet.manager.it.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command explains itself, and every bad input gets one clear line and exit code 2, changing nothing. */
class CommandLineInputTest {

    static final String SPEC = "../job-definitions/examples/smoke-oracle.yaml";

    @TempDir
    Path stateDir;

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--state-dir";
        all[1] = stateDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.execute(Map.of("BENCHFLEET_DB_URL", "jdbc:postgresql://127.0.0.1:1/none"), Map.of(), all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "status", "restart", "stop", "abandon", "failures", "report"})
    void everyCommandPrintsHelpWithAnExample(String command) {
        CliRun help = cli(command, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: benchfleet " + command).contains("Example: benchfleet " + command);
    }

    @Test
    void theTopLevelHelpListsTheCommandsAndExitCodes() {
        CliRun help = cli("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run").contains("status").contains("Exit codes: 0 success, 1 run failed, "
                + "2 bad input");
    }

    @Test
    void anUnknownFlagIsABadInput() {
        CliRun run = cli("run", "--spec", SPEC, "--turbo");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("Unknown option: '--turbo'");
    }

    @Test
    void aMissingSpecOptionIsABadInput() {
        CliRun run = cli("run", "--local");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("Missing required option: '--spec=FILE'");
    }

    @Test
    void aNonNumericWorkerCountIsABadInput() {
        CliRun run = cli("run", "--spec", SPEC, "--local", "--workers", "many");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--workers").contains("many");
    }

    @Test
    void anInvalidSpecNamesTheFileAndFieldAndStartsNothing() throws Exception {
        Path spec = Files.writeString(stateDir.resolve("bad.yaml"), "name: x\ndataset: terminal-bench\nagent: "
                + "oracle\ntasks: [a]\natempts: 3\n");
        CliRun run = cli("run", "--spec", spec.toString(), "--local");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("error: " + spec + ": dataset:").contains("error: " + spec + ": atempts: "
                + "unknown field");
        assertThat(stateDir.resolve("logs")).doesNotExist();
    }

    @Test
    void aMissingSpecFileIsABadInput() {
        CliRun run = cli("run", "--spec", "nope.yaml", "--local");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("nope.yaml: no such spec file");
    }

    @Test
    void anUnknownParameterIsABadInputListingTheKnownOnes() {
        CliRun run = cli("run", "--spec", SPEC, "--local", "--param", "atempts=3");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("parameter 'atempts': unknown").contains("attempts");
    }

    @Test
    void aSecretIsNeverAcceptedAsAParameter() {
        CliRun run = cli("run", "--spec", SPEC, "--local", "--param", "ANTHROPIC_API_KEY=sk-123");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("secrets are never job parameters").doesNotContain("sk-123");
    }

    @Test
    void aBadOverrideValueIsABadInput() {
        CliRun run = cli("run", "--spec", SPEC, "--local", "--param", "attempts=0");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("parameter 'attempts': must be a whole number from 1 to 1000, found integer "
                + "'0'");
    }

    @Test
    void fiveThousandAttemptsAreRefusedByTheSpecsOwnRuleAndNothingStarts() {
        CliRun run = cli("run", "--spec", SPEC, "--local", "--param", "attempts=5000");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).isEqualTo("error: parameter 'attempts': must be a whole number from 1 to 1000, "
                + "found integer '5000'");
        assertThat(run.out()).doesNotContain("started");
    }

    @Test
    void workersWithoutLocalAreABadInput() {
        CliRun run = cli("run", "--spec", SPEC, "--workers", "5");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--workers, --slots and --executor size the in-process workers of --local");
    }

    @Test
    void anUnknownExecutorIsABadInput() {
        CliRun run = cli("run", "--spec", SPEC, "--local", "--executor", "kubernetes");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--executor 'kubernetes' is unknown");
    }

    @Test
    void statusOfAnUnknownJobExecutionIsABadInput() {
        try (TestDatabase db = new TestDatabase()) {
            CliRun status = CliRun.execute(db.env(), db.properties(), "--state-dir", stateDir.toString(), "status",
                    "999999");
            assertThat(status.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(status.err()).contains("no job execution 999999");
        }
    }

    @Test
    void statusNeedsANumericId() {
        CliRun status = cli("status", "abc");
        assertThat(status.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(status.err()).contains("abc");
    }
}
