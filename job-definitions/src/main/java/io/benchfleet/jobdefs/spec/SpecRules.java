package io.benchfleet.jobdefs.spec;

import java.util.Set;

/**
 * The spec's rule texts and patterns, in one place, so that the constraint annotations on {@link BenchmarkSpec},
 * {@link Timeouts} and {@link Fleet}, the YAML binding and {@link SpecOverrides} all say the same thing about the same
 * field. Every message is the {@code <what is wrong> (<what to do>)} half of a problem line; {@link SpecProblems} puts
 * the location in front and fills the placeholders that Bean Validation leaves alone:
 * <ul>
 *   <li>{@code {found}}: what was found, typed as YAML sees it ({@code integer '0'}, {@code text 'x'}, {@code list});</li>
 *   <li>{@code {value}}: the offending text, quoted;</li>
 *   <li>{@code {item}}: the 1-based position of a list item.</li>
 * </ul>
 * Secret-looking text is never put into a placeholder (see {@link SecretRule}).
 */
final class SpecRules {

    static final String NAME = "[a-z0-9][a-z0-9._-]{0,62}";
    static final String TASK = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    static final String DATASET = "[A-Za-z0-9][A-Za-z0-9._/-]*@[A-Za-z0-9][A-Za-z0-9._-]*";
    static final String ENV_NAME = "[A-Z_][A-Z0-9_]*";
    static final String IMAGE = "[a-z0-9][a-z0-9._/:@-]*";
    static final String NON_BLANK = "(?s).*\\S.*";
    /** Blank text is the non-empty rule's business; this one only checks the provider/model shape. */
    static final String BLANK_OR_PROVIDER_MODEL = "(?s)\\s*|.*/.*";
    static final String BLANK_OR_IMAGE = "\\s*|" + IMAGE;

    static final Set<String> AGENTS_WITHOUT_MODEL = Set.of("oracle", "nop");

    static final String NAME_RULE = "lower-case letters, digits, '.', '_' or '-', at most 63";
    static final String DATASET_RULE = "a Harbor dataset as name@version, e.g. terminal-bench@2.0";
    static final String AGENT_RULE = "a Harbor agent name such as claude-code, oracle or nop";
    static final String MULTIPLIER_RULE = "a number above 0 and at most 100";

    static final String NAME_REQUIRED = "is required (" + NAME_RULE + ")";
    static final String NAME_INVALID = "{found} is not valid: expected " + NAME_RULE;
    static final String DATASET_REQUIRED = "is required (" + DATASET_RULE + ")";
    static final String DATASET_INVALID = "{found} is not valid: expected " + DATASET_RULE;
    static final String AGENT_REQUIRED = "is required (" + AGENT_RULE + ")";
    static final String AGENT_INVALID = "{found} is not valid: expected " + AGENT_RULE;
    static final String WHOLE_NUMBER = "must be a whole number from {min} to {max}, found {found}";
    static final String MULTIPLIER = "must be " + MULTIPLIER_RULE + ", found {found}";
    static final String NON_EMPTY_TEXT = "must be non-empty text, found {found}";
    static final String MODEL_FORMAT = "{value} must be provider/model, e.g. anthropic/claude-opus-4-1";
    static final String MODEL_REQUIRED = "is required for agent '{agent}' (give provider/model, e.g. "
            + "anthropic/claude-opus-4-1; only oracle and nop run without one)";
    static final String IMAGE_FORMAT = "{value} is not a Docker image reference (e.g. "
            + "registry.example.com/harbor:0.22.0)";
    static final String TASK_NAME = "{value} is not a task name (letters, digits, '.', '_' or '-')";
    static final String TASK_TWICE = "task '{task}' is listed twice (each task once; use attempts for repeats)";
    static final String NO_TASKS = "has no tasks";
    static final String TASKS_AND_TASK_FILE = "give either tasks or taskFile, not both";
    static final String TASKS_REQUIRED = "is required: list task names under tasks, or name a file of task names "
            + "(one per line) in taskFile";
    static final String TASK_FILE = "must be a file path, found {found}";
    static final String PLAIN_VALUE = "must be a plain value, found {found}";
    static final String SECRET_NAME = "item {item} is not an environment variable name (secrets lists NAMES such "
            + "as ANTHROPIC_API_KEY, upper-case letters, digits and '_'; never put a secret value in a spec)";
    static final String CONFIGURATION_NAME = "[a-z0-9][a-z0-9._-]{0,23}";
    static final String CONFIGURATION_NAME_RULE = "lower-case letters, digits, '.', '_' or '-', at most 24";
    static final String CONFIGURATION_NAME_REQUIRED = "is required (" + CONFIGURATION_NAME_RULE
            + "; it names the configuration in partition keys and the leaderboard)";
    static final String CONFIGURATION_NAME_INVALID = "{found} is not valid: expected " + CONFIGURATION_NAME_RULE;
    static final String CONFIGURATION_TWICE = "configuration '{configuration}' is listed twice (give each "
            + "configuration a name of its own)";
    static final String CONFIGURATIONS_MAX = "lists more than {max} configurations (split the matrix into several "
            + "specs)";
    static final String CONFIGURATION_AGENT_REQUIRED = "is required (" + "a Harbor agent name such as claude-code, "
            + "oracle or nop), unless every configuration names its own agent";
    static final String CONFIGURATION_MODEL_REQUIRED = "is required for agent '{agent}' of configuration "
            + "'{configuration}' (give provider/model here or at the top of the spec; only oracle and nop run "
            + "without one)";
    static final String COVERAGE = "must be a fraction from 0 to 1 (0.9: 90% of the planned trials scored), found "
            + "{found}";
    static final String PARTITION_TARGET_MATRIX = "is {target} but {configurations} configurations x {tasks} tasks x "
            + "{attempts} attempts make {partitions} partitions (fix the configurations, the task list, attempts or "
            + "the target)";
    static final String PARTITION_TARGET = "is {target} but {tasks} tasks x {attempts} attempts make {partitions} "
            + "partitions (fix the task list, attempts or the target)";

    private SpecRules() {
    }
}
