package io.benchfleet.jobdefs.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BenchmarkSpecReaderTest {

    private static final Path EXAMPLES = Path.of("examples");

    /** A valid spec; tests append or replace lines to break one thing at a time. */
    private static final String VALID = """
            name: unit-spec
            dataset: terminal-bench@2.0
            tasks:
              - fix-git
              - regex-log
            agent: oracle
            """;

    private final BenchmarkSpecReader reader = new BenchmarkSpecReader();

    @TempDir
    Path dir;

    static Stream<Path> exampleSpecs() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void findsTheExampleSpecsRelativeToTheModuleDirectory() throws IOException {
        assertThat(exampleSpecs()).extracting(p -> p.getFileName().toString())
                .contains("smoke-oracle.yaml", "terminal-bench-750.yaml", "terminal-bench-leaderboard.yaml");
    }

    @ParameterizedTest(name = "{0} loads")
    @MethodSource("exampleSpecs")
    void loadsEveryExampleSpec(Path file) {
        BenchmarkSpec spec = reader.read(file);

        assertThat(spec.name()).isEqualTo(file.getFileName().toString().replace(".yaml", ""));
        assertThat(spec.tasks()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(spec.trialCount()).isEqualTo(spec.matrix().size() * spec.tasks().size() * spec.attempts());
        if (spec.partitionTarget() != null) {
            assertThat(spec.trialCount()).isEqualTo(spec.partitionTarget());
        }
    }

    @Test
    void theReferenceSpecMakesSeventyFiveTasksTimesTenAttempts() {
        BenchmarkSpec spec = reader.read(EXAMPLES.resolve("terminal-bench-750.yaml"));

        assertThat(spec.tasks()).hasSize(75).doesNotHaveDuplicates().doesNotContain("");
        assertThat(spec.tasks()).first().isEqualTo("adaptive-rejection-sampler");
        assertThat(spec.attempts()).isEqualTo(10);
        assertThat(spec.trialCount()).isEqualTo(750);
        assertThat(spec.partitionTarget()).isEqualTo(750);
        assertThat(spec.dataset()).isEqualTo("terminal-bench@2.0");
        assertThat(spec.datasetName()).isEqualTo("terminal-bench");
        assertThat(spec.agent()).isEqualTo("claude-code");
        assertThat(spec.model()).isEqualTo("anthropic/claude-opus-4-1");
        assertThat(spec.secrets()).containsExactly("ANTHROPIC_API_KEY");
        assertThat(spec.timeouts()).isEqualTo(new Timeouts(900, 600, 600, 1.0, 300));
        assertThat(spec.timeouts().trialLimitSeconds()).isEqualTo(2400);
        assertThat(spec.fleet()).isEqualTo(new Fleet(200, 4));
        assertThat(spec.fleet().totalSlots()).isEqualTo(800);
    }

    @Test
    void theLeaderboardSpecReadsAllEightyNineTasksAndItsAgentKwargsAsText() {
        BenchmarkSpec spec = reader.read(EXAMPLES.resolve("terminal-bench-leaderboard.yaml"));

        assertThat(spec.tasks()).hasSize(89);
        assertThat(spec.trialCount()).isEqualTo(445);
        assertThat(spec.agentKwargs()).containsExactly(Map.entry("max_turns", "200"));
    }

    @Test
    void appliesDefaultsForEveryOptionalField() {
        BenchmarkSpec spec = parse(VALID);

        assertThat(spec.attempts()).isEqualTo(1);
        assertThat(spec.timeouts()).isEqualTo(Timeouts.DEFAULTS);
        assertThat(Timeouts.DEFAULTS).isEqualTo(new Timeouts(900, 600, 600, 1.0, 300));
        assertThat(spec.fleet()).isEqualTo(Fleet.DEFAULTS);
        assertThat(Fleet.DEFAULTS).isEqualTo(new Fleet(200, 4));
        assertThat(spec.harborImage()).isEqualTo(BenchmarkSpec.DEFAULT_HARBOR_IMAGE)
                .isEqualTo("benchfleet/harbor:0.22.0");
        assertThat(spec.estimatedTrialSec()).isEqualTo(600);
        assertThat(spec.partitionTarget()).isNull();
        assertThat(spec.description()).isNull();
        assertThat(spec.model()).isNull();
        assertThat(spec.agentKwargs()).isEmpty();
        assertThat(spec.secrets()).isEmpty();
    }

    @Test
    void keepsOmittedTimeoutFieldsAtTheirDefaultsWhenOthersAreGiven() {
        BenchmarkSpec spec = parse(VALID + """
                timeouts:
                  agentSec: 1200
                  multiplier: 2
                """);

        assertThat(spec.timeouts()).isEqualTo(new Timeouts(1200, 600, 600, 2.0, 300));
        assertThat(spec.timeouts().trialLimitSeconds()).isEqualTo((1200 + 600 + 600) * 2 + 300);
    }

    @Test
    void resolvesATaskFileRelativeToTheSpecFileSkippingCommentsAndBlankLines() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(sub.resolve("tasks.txt"), "# a comment\n\n  fix-git  \nregex-log\n");
        Path spec = write("spec.yaml", """
                name: from-file
                dataset: terminal-bench@2.0
                taskFile: lists/tasks.txt
                agent: nop
                """);

        assertThat(reader.read(spec).tasks()).containsExactly("fix-git", "regex-log");
    }

    // --- the input as a whole -------------------------------------------------------------------------------------

    @Test
    void rejectsAMissingFileNamingThePathAndTheOption() {
        Path missing = dir.resolve("nope.yaml");

        InvalidSpecException e = invalid(() -> reader.read(missing));

        assertOneLine(e);
        assertThat(e.getMessage()).startsWith(missing + ": ").contains("no such spec file").contains("--spec");
    }

    @ParameterizedTest(name = "content \"{0}\"")
    @ValueSource(strings = {"", "   \n\n", "# only a comment\n"})
    void rejectsAnEmptyFilePointingToTheExamples(String content) throws IOException {
        Path file = write("empty.yaml", content);

        InvalidSpecException e = invalid(() -> reader.read(file));

        assertOneLine(e);
        assertThat(e.getMessage()).startsWith(file + ": ").contains("the spec is empty")
                .contains("job-definitions/examples/");
    }

    @Test
    void rejectsBrokenYamlWithTheLineAndColumn() throws IOException {
        Path file = write("broken.yaml", """
                name: unit-spec
                dataset: terminal-bench@2.0
                tasks: [fix-git, regex-log
                agent: oracle
                """);

        InvalidSpecException e = invalid(() -> reader.read(file));

        assertOneLine(e);
        assertThat(e.getMessage()).startsWith(file + ": not valid YAML at line 4, column 6: ")
                .endsWith("(fix the syntax)");
    }

    @Test
    void reportsTheLineAndColumnOfAnUnexpectedToken() {
        InvalidSpecException e = invalid(() -> reader.parse("name: a\n  bad: [\n", "inline.yaml", null));

        assertOneLine(e);
        assertThat(e.getMessage()).isEqualTo("inline.yaml: not valid YAML at line 2, column 6: mapping values are not "
                + "allowed here (fix the syntax)");
    }

    @Test
    void rejectsATopLevelListSayingAMappingOfFieldsIsExpected() {
        InvalidSpecException e = invalid(() -> reader.parse("- name: a\n- name: b\n", "list.yaml", null));

        assertOneLine(e);
        assertThat(e.getMessage()).isEqualTo("list.yaml: the spec must be a YAML mapping of fields, found a list");
    }

    @Test
    void rejectsATopLevelScalar() {
        InvalidSpecException e = invalid(() -> reader.parse("just text\n", "scalar.yaml", null));

        assertThat(e.getMessage()).isEqualTo(
                "scalar.yaml: the spec must be a YAML mapping of fields, found a text 'just text'");
    }

    @Test
    void rejectsAnUnknownFieldNamingTheFileAndTheKnownFields() {
        InvalidSpecException e = invalid(() -> parse(VALID + "modle: anthropic/claude-opus-4-1\n"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("spec.yaml: modle: unknown field (known fields: ")
                .contains("agent, agentKwargs, attempts, configurations, dataset, description, estimatedTrialSec, fleet, "
                        + "harborImage, model, name, partitionTarget, report, secrets, taskFile, tasks, timeouts)");
    }

    @Test
    void rejectsADuplicateKeyNamingTheKeyAndItsPosition() {
        InvalidSpecException e = invalid(() -> parse(VALID + "name: other-name\n"));

        assertOneLine(e);
        assertThat(e.getMessage()).isEqualTo("spec.yaml: not valid YAML at line 7, column 1: found duplicate key name "
                + "(fix the syntax)");
    }

    // --- required fields ------------------------------------------------------------------------------------------

    @Test
    void requiresAName() {
        assertProblem(VALID.replace("name: unit-spec\n", ""),
                "spec.yaml: name: is required (lower-case letters, digits, '.', '_' or '-', at most 63)");
    }

    @Test
    void requiresADataset() {
        assertProblem(VALID.replace("dataset: terminal-bench@2.0\n", ""),
                "spec.yaml: dataset: is required (a Harbor dataset as name@version, e.g. terminal-bench@2.0)");
    }

    @Test
    void requiresAnAgent() {
        assertProblem(VALID.replace("agent: oracle\n", ""),
                "spec.yaml: agent: is required (a Harbor agent name such as claude-code, oracle or nop)");
    }

    @ParameterizedTest(name = "name {0}")
    @ValueSource(strings = {"Terminal-Bench", "'my spec'", "-leading-dash", "'a/b'",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsANameOutsideThePattern(String name) {
        InvalidSpecException e = invalid(() -> parse(VALID.replace("name: unit-spec", "name: " + name)));

        assertThat(e.problems()).singleElement().asString().startsWith("spec.yaml: name: text '")
                .endsWith("is not valid: expected lower-case letters, digits, '.', '_' or '-', at most 63");
    }

    @Test
    void rejectsANameThatIsNotText() {
        assertProblem(VALID.replace("name: unit-spec", "name: [a, b]"),
                "spec.yaml: name: list is not valid: expected lower-case letters, digits, '.', '_' or '-', at most 63");
    }

    @Test
    void rejectsADatasetWithoutAVersion() {
        assertProblem(VALID.replace("terminal-bench@2.0", "terminal-bench"),
                "spec.yaml: dataset: text 'terminal-bench' is not valid: expected a Harbor dataset as name@version, "
                        + "e.g. terminal-bench@2.0");
    }

    // --- tasks ----------------------------------------------------------------------------------------------------

    @Test
    void rejectsTasksAndTaskFileTogether() {
        assertProblem(VALID + "taskFile: tasks.txt\n", "spec.yaml: tasks: give either tasks or taskFile, not both");
    }

    @Test
    void rejectsASpecWithNeitherTasksNorTaskFile() {
        assertProblem("name: unit-spec\ndataset: terminal-bench@2.0\nagent: oracle\n",
                "spec.yaml: tasks: is required: list task names under tasks, or name a file of task names (one per "
                        + "line) in taskFile");
    }

    @Test
    void rejectsTasksThatAreNotAList() {
        assertProblem("name: unit-spec\ndataset: terminal-bench@2.0\nagent: oracle\ntasks: fix-git\n",
                "spec.yaml: tasks: must be a list of task names, found text 'fix-git'");
    }

    @Test
    void rejectsAnEmptyTaskList() {
        assertProblem("name: unit-spec\ndataset: terminal-bench@2.0\nagent: oracle\ntasks: []\n",
                "spec.yaml: tasks: has no tasks");
    }

    @Test
    void rejectsAnUnreadableTaskFileNamingTheResolvedPath() throws IOException {
        Path spec = write("spec.yaml", """
                name: from-file
                dataset: terminal-bench@2.0
                taskFile: missing-tasks.txt
                agent: nop
                """);

        InvalidSpecException e = invalid(() -> reader.read(spec));

        Path expected = dir.toAbsolutePath().resolve("missing-tasks.txt");
        assertThat(e.problems()).containsExactly(spec + ": taskFile: cannot read " + expected
                + " (NoSuchFileException): give a path relative to the spec file");
    }

    @Test
    void rejectsATaskFileInAnInlineSpec() {
        assertProblem("name: unit-spec\ndataset: terminal-bench@2.0\nagent: oracle\ntaskFile: tasks.txt\n",
                "spec.yaml: taskFile: cannot be resolved for an inline spec (list the tasks instead)");
    }

    @Test
    void rejectsATaskListedTwiceSayingToUseAttempts() {
        assertProblem(VALID.replace("  - regex-log\n", "  - regex-log\n  - fix-git\n"),
                "spec.yaml: tasks: task 'fix-git' is listed twice (each task once; use attempts for repeats)");
    }

    @Test
    void detectsADuplicateTaskInATaskFileNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("tasks.txt"), "fix-git\nregex-log\nfix-git\n");
        Path spec = write("spec.yaml", """
                name: from-file
                dataset: terminal-bench@2.0
                taskFile: tasks.txt
                agent: nop
                """);

        InvalidSpecException e = invalid(() -> reader.read(spec));

        assertThat(e.problems()).containsExactly(spec + ": taskFile " + dir.toAbsolutePath().resolve("tasks.txt")
                + ": task 'fix-git' is listed twice (each task once; use attempts for repeats)");
    }

    @Test
    void rejectsAnInvalidTaskName() {
        assertProblem(VALID.replace("  - regex-log\n", "  - 'regex log!'\n"),
                "spec.yaml: tasks: 'regex log!' is not a task name (letters, digits, '.', '_' or '-')");
    }

    @Test
    void rejectsAnEmptyTaskEntry() {
        assertProblem(VALID.replace("  - regex-log\n", "  -\n"),
                "spec.yaml: tasks: '' is not a task name (letters, digits, '.', '_' or '-')");
    }

    @Test
    void stripsAnOrganisationPrefixFromTaskNames() {
        BenchmarkSpec spec = parse(VALID.replace("  - fix-git\n", "  - laude-institute/fix-git\n"));

        assertThat(spec.tasks()).containsExactly("fix-git", "regex-log");
    }

    @Test
    void treatsAPrefixedAndABareTaskAsTheSameTask() {
        InvalidSpecException e = invalid(() -> parse(VALID.replace("  - regex-log\n", "  - org/fix-git\n")));

        assertThat(e.problems()).singleElement().asString().contains("task 'fix-git' is listed twice");
    }

    // --- attempts, agent, model -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "attempts: {0} ({1})")
    @CsvSource(delimiter = '|', value = {
            "0       | integer '0'",
            "-2      | integer '-2'",
            "1001    | integer '1001'",
            "three   | text 'three'",
            "1.5     | double '1.5'",
            "\"3\"   | text '3'"})
    void rejectsAttemptsThatAreNotAWholeNumberInRange(String yamlValue, String described) {
        assertProblem(VALID + "attempts: " + yamlValue + "\n",
                "spec.yaml: attempts: must be a whole number from 1 to 1000, found " + described);
    }

    @Test
    void requiresAModelForClaudeCode() {
        assertProblem(VALID.replace("agent: oracle", "agent: claude-code"),
                "spec.yaml: model: is required for agent 'claude-code' (give provider/model, e.g. "
                        + "anthropic/claude-opus-4-1; only oracle and nop run without one)");
    }

    @ParameterizedTest(name = "agent {0}")
    @ValueSource(strings = {"oracle", "nop"})
    void runsOracleAndNopWithoutAModel(String agent) {
        BenchmarkSpec spec = parse(VALID.replace("agent: oracle", "agent: " + agent));

        assertThat(spec.agent()).isEqualTo(agent);
        assertThat(spec.model()).isNull();
    }

    @Test
    void rejectsAModelWithoutProvider() {
        assertProblem(VALID.replace("agent: oracle", "agent: claude-code\nmodel: claude-opus-4-1"),
                "spec.yaml: model: 'claude-opus-4-1' must be provider/model, e.g. anthropic/claude-opus-4-1");
    }

    @Test
    void readsAgentKwargsAsTextWhateverTheirYamlType() {
        BenchmarkSpec spec = parse(VALID + """
                agentKwargs:
                  max_turns: 200
                  verbose: true
                  temperature: 0.5
                  mode: fast
                """);

        assertThat(spec.agentKwargs()).containsOnly(Map.entry("max_turns", "200"), Map.entry("verbose", "true"),
                Map.entry("temperature", "0.5"), Map.entry("mode", "fast"));
    }

    @Test
    void rejectsAgentKwargsThatAreNotAMapping() {
        assertProblem(VALID + "agentKwargs: [max_turns=200]\n",
                "spec.yaml: agentKwargs: must be a mapping of key: value, found list");
    }

    @Test
    void rejectsANestedAgentKwargsValueNamingTheKey() {
        assertProblem(VALID + "agentKwargs:\n  limits:\n    turns: 3\n",
                "spec.yaml: agentKwargs.limits: must be a plain value, found mapping");
    }

    @Test
    void rejectsAnEmptyAgentKwargsValue() {
        assertProblem(VALID + "agentKwargs:\n  mode:\n", "spec.yaml: agentKwargs.mode: must be a plain value, "
                + "found nothing");
    }

    @Test
    void rejectsAHarborImageThatIsNotAnImageReference() {
        assertProblem(VALID + "harborImage: 'Not An Image'\n",
                "spec.yaml: harborImage: 'Not An Image' is not a Docker image reference (e.g. "
                        + "registry.example.com/harbor:0.22.0)");
    }

    // --- timeouts and fleet ---------------------------------------------------------------------------------------

    @Test
    void rejectsAnUnknownTimeoutsFieldListingTheKnownOnes() {
        assertProblem(VALID + "timeouts:\n  agentSeconds: 900\n",
                "spec.yaml: timeouts.agentSeconds: unknown field (known fields: agentSec, environmentBuildSec, "
                        + "marginSec, multiplier, verifierSec)");
    }

    @ParameterizedTest(name = "multiplier: {0}")
    @CsvSource(delimiter = '|', value = {
            "0     | integer '0'",
            "x     | text 'x'",
            "-1.5  | double '-1.5'",
            "101   | integer '101'"})
    void rejectsATimeoutMultiplierOutsideItsRange(String yamlValue, String described) {
        assertProblem(VALID + "timeouts:\n  multiplier: " + yamlValue + "\n",
                "spec.yaml: timeouts.multiplier: must be a number above 0 and at most 100, found " + described);
    }

    @Test
    void namesTheTimeoutsSectionForAnOutOfRangeTimeout() {
        assertProblem(VALID + "timeouts:\n  agentSec: 0\n",
                "spec.yaml: timeouts.agentSec: must be a whole number from 1 to 86400, found integer '0'");
    }

    @Test
    void rejectsZeroSlotsPerHostNamingTheFleetSection() {
        assertProblem(VALID + "fleet:\n  slotsPerHost: 0\n",
                "spec.yaml: fleet.slotsPerHost: must be a whole number from 1 to 64, found integer '0'");
    }

    @Test
    void rejectsAnUnknownFleetField() {
        assertProblem(VALID + "fleet:\n  hosts: 3\n",
                "spec.yaml: fleet.hosts: unknown field (known fields: maxHosts, slotsPerHost)");
    }

    // --- secrets --------------------------------------------------------------------------------------------------

    @Test
    void acceptsSecretNames() {
        BenchmarkSpec spec = parse(VALID + "secrets:\n  - ANTHROPIC_API_KEY\n  - OPENAI_API_KEY\n");

        assertThat(spec.secrets()).containsExactly("ANTHROPIC_API_KEY", "OPENAI_API_KEY");
    }

    @Test
    void rejectsASecretValueSayingSecretsListsNamesWithoutEchoingTheValue() {
        InvalidSpecException e = invalid(() -> parse(VALID + "secrets:\n  - ANTHROPIC_API_KEY\n  - sk-abc123\n"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("spec.yaml: secrets: item 2 is not an environment variable name")
                .contains("secrets lists NAMES such as ANTHROPIC_API_KEY")
                .contains("never put a secret value in a spec")
                .doesNotContain("sk-abc123")
                .doesNotContainIgnoringCase("upper-case it")
                .doesNotContainIgnoringCase("rename");
    }

    @Test
    void rejectsAnEmptySecretsEntryWithAMessageRatherThanACrash() {
        assertProblem(VALID + "secrets:\n  -\n", "spec.yaml: secrets: item 1 is not an environment variable name "
                + "(secrets lists NAMES such as ANTHROPIC_API_KEY, upper-case letters, digits and '_'; never put a "
                + "secret value in a spec)");
    }

    @Test
    void rejectsSecretsThatAreNotAList() {
        assertProblem(VALID + "secrets: ANTHROPIC_API_KEY\n",
                "spec.yaml: secrets: must be a list of environment variable names, found text 'ANTHROPIC_API_KEY'");
    }

    // --- partitionTarget and several problems ---------------------------------------------------------------------

    @Test
    void rejectsAPartitionTargetThatDiffersFromTasksTimesAttempts() {
        assertProblem(VALID + "attempts: 3\npartitionTarget: 750\n",
                "spec.yaml: partitionTarget: is 750 but 2 tasks x 3 attempts make 6 partitions (fix the task list, "
                        + "attempts or the target)");
    }

    @Test
    void acceptsAMatchingPartitionTarget() {
        assertThat(parse(VALID + "attempts: 3\npartitionTarget: 6\n").partitionTarget()).isEqualTo(6);
    }

    @Test
    void detectsATruncatedTaskFileThroughThePartitionTarget() throws IOException {
        List<String> tasks = Files.readAllLines(EXAMPLES.resolve("terminal-bench-750-tasks.txt"));
        Files.write(dir.resolve("terminal-bench-750-tasks.txt"), tasks.subList(0, tasks.size() - 1));
        Path spec = dir.resolve("terminal-bench-750.yaml");
        Files.copy(EXAMPLES.resolve("terminal-bench-750.yaml"), spec);

        InvalidSpecException e = invalid(() -> reader.read(spec));

        assertThat(e.problems()).containsExactly(spec + ": partitionTarget: is 750 but 74 tasks x 10 attempts make "
                + "740 partitions (fix the task list, attempts or the target)");
    }

    @Test
    void reportsEveryProblemAtOnceOneLineEach() {
        InvalidSpecException e = invalid(() -> reader.parse("""
                name: Bad Name
                dataset: terminal-bench
                tasks: [fix-git]
                attempts: 0
                agent: claude-code
                fleet:
                  slotsPerHost: 0
                secrets: [sk-abc123]
                colour: blue
                """, "bad.yaml", null));

        assertThat(e.problems()).hasSizeGreaterThan(1).hasSize(7)
                .allSatisfy(p -> assertThat(p).startsWith("bad.yaml: ").doesNotContain("\n"));
        assertThat(e.problems()).extracting(p -> p.split(": ")[1])
                .containsExactlyInAnyOrder("colour", "name", "dataset", "attempts", "model", "fleet.slotsPerHost",
                        "secrets");
        assertThat(e.getMessage()).isEqualTo(String.join(System.lineSeparator(), e.problems()));
    }

    @Test
    void returnsImmutableCollections() {
        BenchmarkSpec spec = parse(VALID + "secrets: [A_KEY]\nagentKwargs: {a: b}\n");

        assertThatThrownBy(() -> spec.tasks().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.secrets().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.agentKwargs().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSingleProblemExceptionCarriesThatProblem() {
        InvalidSpecException e = new InvalidSpecException("f: x: wrong (fix it)");

        assertThat(e.problems()).containsExactly("f: x: wrong (fix it)");
        assertThat(e.getMessage()).isEqualTo("f: x: wrong (fix it)");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private BenchmarkSpec parse(String yaml) {
        return reader.parse(yaml, "spec.yaml", null);
    }

    private void assertProblem(String yaml, String expectedProblem) {
        InvalidSpecException e = invalid(() -> parse(yaml));
        assertThat(e.problems()).containsExactly(expectedProblem);
        assertOneLine(e);
    }

    private static void assertOneLine(InvalidSpecException e) {
        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).doesNotContain("\n").isEqualTo(e.problems().get(0));
    }

    private static InvalidSpecException invalid(ThrowingCallable call) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, call);
        assertThat(e).as("expected an InvalidSpecException").isNotNull();
        return e;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
