package io.benchfleet.jobdefs.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a {@link BenchmarkSpec} from YAML and validates it, reporting every problem at once, one line each, in the
 * form {@code <file>: <field>: <what is wrong> (<what to do>)}.
 */
public final class BenchmarkSpecReader {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern TASK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern DATASET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*@[A-Za-z0-9][A-Za-z0-9._-]*");
    static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*");

    private static final Set<String> FIELDS = Set.of("name", "description", "dataset", "tasks", "taskFile",
            "attempts", "agent", "model", "agentKwargs", "harborImage", "timeouts", "estimatedTrialSec",
            "partitionTarget", "fleet", "secrets");
    private static final Set<String> TIMEOUT_FIELDS = Set.of("agentSec", "verifierSec", "environmentBuildSec",
            "multiplier", "marginSec");
    private static final Set<String> FLEET_FIELDS = Set.of("maxHosts", "slotsPerHost");
    static final Set<String> AGENTS_WITHOUT_MODEL = Set.of("oracle", "nop");

    /** Reads and validates the spec at {@code file}; a {@code taskFile} is resolved relative to it. */
    public BenchmarkSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException(file + ": no such spec file (check the path given to --spec)");
        } catch (IOException e) {
            throw new InvalidSpecException(file + ": cannot read the spec file: " + e.getMessage());
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses spec YAML. {@code source} names the input in messages; {@code baseDir} resolves {@code taskFile}
     * (null: task files are not allowed).
     */
    public BenchmarkSpec parse(String yamlText, String source, Path baseDir) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(yamlText);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new InvalidSpecException(source + ": not valid YAML at line " + (mark.getLine() + 1) + ", column "
                    + (mark.getColumn() + 1) + ": " + e.getProblem() + " (fix the syntax)");
        } catch (YAMLException e) {
            throw new InvalidSpecException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new InvalidSpecException(source + ": the spec is empty (see job-definitions/examples/ for a "
                    + "complete spec)");
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidSpecException(source + ": the spec must be a YAML mapping of fields, found a "
                    + describe(root));
        }
        return new Validation(source, baseDir, map).spec();
    }

    static String describe(Object value) {
        if (value instanceof Map) {
            return "mapping";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof String s) {
            return "text '" + s + "'";
        }
        return value.getClass().getSimpleName().toLowerCase() + " '" + value + "'";
    }

    /** One pass over one spec document, collecting problems. */
    private static final class Validation {
        private final String source;
        private final Path baseDir;
        private final Map<?, ?> root;
        private final List<String> problems = new ArrayList<>();

        Validation(String source, Path baseDir, Map<?, ?> root) {
            this.source = source;
            this.baseDir = baseDir;
            this.root = root;
        }

        BenchmarkSpec spec() {
            unknownFields("", root, FIELDS);
            String name = requiredText("name", NAME, "lower-case letters, digits, '.', '_' or '-', at most 63");
            String description = optionalText("description");
            String dataset = requiredText("dataset", DATASET, "a Harbor dataset as name@version, e.g. "
                    + "terminal-bench@2.0");
            List<String> tasks = tasks();
            int attempts = integer(root, "attempts", 1, 1, 1000);
            String agent = requiredText("agent", TASK, "a Harbor agent name such as claude-code, oracle or nop");
            String model = optionalText("model");
            if (model == null && agent != null && !AGENTS_WITHOUT_MODEL.contains(agent)) {
                problem("model", "is required for agent '" + agent + "' (give provider/model, e.g. "
                        + "anthropic/claude-opus-4-1; only oracle and nop run without one)");
            }
            if (model != null && !model.contains("/")) {
                problem("model", "'" + model + "' must be provider/model, e.g. anthropic/claude-opus-4-1");
            }
            Map<String, String> agentKwargs = agentKwargs();
            String image = optionalText("harborImage");
            if (image == null) {
                image = BenchmarkSpec.DEFAULT_HARBOR_IMAGE;
            } else if (!IMAGE.matcher(image).matches()) {
                problem("harborImage", "'" + image + "' is not a Docker image reference (e.g. "
                        + "registry.example.com/harbor:0.22.0)");
            }
            Timeouts timeouts = timeouts();
            int estimated = integer(root, "estimatedTrialSec", 600, 1, 86_400);
            Integer target = root.containsKey("partitionTarget")
                    ? integer(root, "partitionTarget", 0, 1, 1_000_000) : null;
            Fleet fleet = fleet();
            List<String> secrets = secrets();
            if (target != null && tasks != null && problems.isEmpty() && tasks.size() * attempts != target) {
                problem("partitionTarget", "is " + target + " but " + tasks.size() + " tasks x " + attempts
                        + " attempts make " + tasks.size() * attempts + " partitions (fix the task list, "
                        + "attempts or the target)");
            }
            if (!problems.isEmpty()) {
                throw new InvalidSpecException(problems);
            }
            return new BenchmarkSpec(name, description, dataset, tasks, attempts, agent, model, agentKwargs, image,
                    timeouts, estimated, target, fleet, secrets);
        }

        private void problem(String field, String message) {
            problems.add(source + ": " + field + ": " + message);
        }

        private void unknownFields(String prefix, Map<?, ?> map, Set<String> known) {
            for (Object key : map.keySet()) {
                if (!(key instanceof String k) || !known.contains(k)) {
                    problem(prefix + key, "unknown field (known fields: " + String.join(", ", known.stream()
                            .sorted().toList()) + ")");
                }
            }
        }

        private String requiredText(String field, Pattern pattern, String expected) {
            Object value = root.get(field);
            if (value == null) {
                problem(field, "is required (" + expected + ")");
                return null;
            }
            if (!(value instanceof String s) || !pattern.matcher(s).matches()) {
                problem(field, describe(value) + " is not valid: expected " + expected);
                return null;
            }
            return s;
        }

        private String optionalText(String field) {
            Object value = root.get(field);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s) || s.isBlank()) {
                problem(field, "must be non-empty text, found " + describe(value));
                return null;
            }
            return s.strip();
        }

        private int integer(Map<?, ?> map, String field, int defaultValue, int min, int max) {
            Object value = map.get(field);
            if (value == null) {
                return defaultValue;
            }
            if (!(value instanceof Integer i) || i < min || i > max) {
                problem(qualified(map, field), "must be a whole number from " + min + " to " + max + ", found "
                        + describe(value));
                return defaultValue;
            }
            return i;
        }

        private String qualified(Map<?, ?> map, String field) {
            if (map == root) {
                return field;
            }
            return (map == root.get("timeouts") ? "timeouts." : "fleet.") + field;
        }

        private List<String> tasks() {
            Object inline = root.get("tasks");
            Object file = root.get("taskFile");
            if (inline != null && file != null) {
                problem("tasks", "give either tasks or taskFile, not both");
                return null;
            }
            if (inline == null && file == null) {
                problem("tasks", "is required: list task names under tasks, or name a file of task names (one per "
                        + "line) in taskFile");
                return null;
            }
            List<String> raw = new ArrayList<>();
            String where = "tasks";
            if (inline != null) {
                if (!(inline instanceof List<?> list)) {
                    problem("tasks", "must be a list of task names, found " + describe(inline));
                    return null;
                }
                for (Object item : list) {
                    raw.add(item == null ? "" : String.valueOf(item));
                }
            } else {
                if (!(file instanceof String f) || f.isBlank()) {
                    problem("taskFile", "must be a file path, found " + describe(file));
                    return null;
                }
                if (baseDir == null) {
                    problem("taskFile", "cannot be resolved for an inline spec (list the tasks instead)");
                    return null;
                }
                Path path = baseDir.resolve(f);
                where = "taskFile " + path;
                try {
                    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                        String t = line.strip();
                        if (!t.isEmpty() && !t.startsWith("#")) {
                            raw.add(t);
                        }
                    }
                } catch (IOException e) {
                    problem("taskFile", "cannot read " + path + " (" + e.getClass().getSimpleName()
                            + "): give a path relative to the spec file");
                    return null;
                }
            }
            Set<String> unique = new LinkedHashSet<>();
            for (String t : raw) {
                String task = t.contains("/") ? t.substring(t.lastIndexOf('/') + 1) : t;
                if (!TASK.matcher(task).matches()) {
                    problem(where, "'" + t + "' is not a task name (letters, digits, '.', '_' or '-')");
                } else if (!unique.add(task)) {
                    problem(where, "task '" + task + "' is listed twice (each task once; use attempts for "
                            + "repeats)");
                }
            }
            if (raw.isEmpty()) {
                problem(where, "has no tasks");
            }
            return List.copyOf(unique);
        }

        private Map<String, String> agentKwargs() {
            Object value = root.get("agentKwargs");
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> map)) {
                problem("agentKwargs", "must be a mapping of key: value, found " + describe(value));
                return Map.of();
            }
            Map<String, String> kwargs = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v instanceof Map || v instanceof List || v == null) {
                    problem("agentKwargs." + k, "must be a plain value, found " + (v == null ? "nothing"
                            : describe(v)));
                } else {
                    kwargs.put(String.valueOf(k), String.valueOf(v));
                }
            });
            return kwargs;
        }

        private Timeouts timeouts() {
            Object value = root.get("timeouts");
            if (value == null) {
                return Timeouts.DEFAULTS;
            }
            if (!(value instanceof Map<?, ?> map)) {
                problem("timeouts", "must be a mapping (agentSec, verifierSec, environmentBuildSec, multiplier, "
                        + "marginSec), found " + describe(value));
                return Timeouts.DEFAULTS;
            }
            unknownFields("timeouts.", map, TIMEOUT_FIELDS);
            Timeouts d = Timeouts.DEFAULTS;
            double multiplier = d.multiplier();
            Object m = map.get("multiplier");
            if (m != null) {
                if (m instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 100) {
                    multiplier = n.doubleValue();
                } else {
                    problem("timeouts.multiplier", "must be a number above 0 and at most 100, found "
                            + describe(m));
                }
            }
            return new Timeouts(integer(map, "agentSec", d.agentSec(), 1, 86_400),
                    integer(map, "verifierSec", d.verifierSec(), 1, 86_400),
                    integer(map, "environmentBuildSec", d.environmentBuildSec(), 1, 86_400), multiplier,
                    integer(map, "marginSec", d.marginSec(), 0, 86_400));
        }

        private Fleet fleet() {
            Object value = root.get("fleet");
            if (value == null) {
                return Fleet.DEFAULTS;
            }
            if (!(value instanceof Map<?, ?> map)) {
                problem("fleet", "must be a mapping (maxHosts, slotsPerHost), found " + describe(value));
                return Fleet.DEFAULTS;
            }
            unknownFields("fleet.", map, FLEET_FIELDS);
            return new Fleet(integer(map, "maxHosts", Fleet.DEFAULTS.maxHosts(), 1, 1000),
                    integer(map, "slotsPerHost", Fleet.DEFAULTS.slotsPerHost(), 1, 64));
        }

        private List<String> secrets() {
            Object value = root.get("secrets");
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                problem("secrets", "must be a list of environment variable names, found " + describe(value));
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof String s && ENV_NAME.matcher(s).matches()) {
                    names.add(s);
                } else {
                    // The item is not echoed: it may be the secret value itself, and this message reaches logs.
                    problem("secrets", "item " + (i + 1) + " is not an environment variable name (secrets lists "
                            + "NAMES such as ANTHROPIC_API_KEY, upper-case letters, digits and '_'; never put a "
                            + "secret value in a spec)");
                }
            }
            return names;
        }
    }
}
