package io.benchfleet.jobdefs.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies run parameters ({@code --param key=value}) on top of a spec. Only the keys in {@link #KEYS} are accepted;
 * anything that looks like a secret is refused ({@code SecretRule}), because job parameters are stored in the
 * repository in clear.
 * <p>
 * A value is checked twice. First as the text its key takes (see {@link #KEYS}), refused as
 * {@code parameter 'attempts': '0' is not valid: expected a whole number >= 1}. Then the spec it makes is checked
 * against the spec's own rules by the same {@code SpecValidator} as a spec file, and each broken rule is reported with
 * the same text as in a file, located at the parameter: {@code parameter 'attempts': must be a whole number from 1 to
 * 1000, found integer '5000'} where the file says {@code spec.yaml: attempts: must be ...}.
 */
public final class SpecOverrides {

    /** Parameter name → what it overrides, for help texts and error messages. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("attempts", "trials per task (whole number >= 1)");
        keys.put("tasks", "comma-separated subset of the spec's tasks");
        keys.put("configurations", "comma-separated subset of a matrix spec's configurations");
        keys.put("agent", "Harbor agent name");
        keys.put("model", "provider/model");
        keys.put("harborImage", "Harbor Docker image");
        keys.put("timeoutMultiplier", "Harbor --timeout-multiplier (number > 0)");
        keys.put("maxHosts", "upper bound on worker hosts (whole number >= 1)");
        keys.put("slotsPerHost", "concurrent trials per host (whole number >= 1)");
        KEYS = Map.copyOf(keys);
    }

    /** The spec field each parameter sets, as violations name it. */
    private static final Map<String, String> KEY_OF_FIELD = Map.of("attempts", "attempts", "tasks", "tasks",
            "agent", "agent", "model", "model", "harborImage", "harborImage", "timeouts.multiplier",
            "timeoutMultiplier", "fleet.maxHosts", "maxHosts", "fleet.slotsPerHost", "slotsPerHost",
            "configurations", "configurations");

    private SpecOverrides() {
    }

    /** Throws {@link InvalidSpecException} naming the parameter when a key is a secret or not known. */
    public static void checkKey(String key) {
        if (SecretRule.isSecretKey(key)) {
            throw new InvalidSpecException("parameter '" + key + "': " + SecretRule.AS_PARAMETER);
        }
        if (!KEYS.containsKey(key)) {
            throw new InvalidSpecException("parameter '" + key + "': unknown (known: "
                    + String.join(", ", KEYS.keySet().stream().sorted().toList()) + ")");
        }
    }

    /** Returns the spec with every override applied, or throws listing each bad parameter. */
    public static BenchmarkSpec apply(BenchmarkSpec spec, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        BenchmarkSpec result = spec;
        String agent = spec.agent();
        String model = spec.model();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            try {
                checkKey(key);
                if (SecretRule.looksLikeSecret(value)) {
                    throw new InvalidSpecException("parameter '" + key + "': " + SecretRule.AS_PARAMETER);
                }
                switch (key) {
                    case "attempts" -> result = result.withAttempts(positive(key, value));
                    case "tasks" -> result = result.withTasks(subset(spec, value));
                    case "configurations" -> result = result.withConfigurations(configurations(spec, value));
                    case "agent" -> agent = allowed(key, notMatrix(spec, key, value), "agent", "a Harbor agent name");
                    case "model" -> model = allowed(key, notMatrix(spec, key, value), "model", "provider/model");
                    case "harborImage" -> result = result.withHarborImage(
                            allowed(key, value, "harborImage", "a Docker image reference"));
                    case "timeoutMultiplier" -> result = result.withTimeouts(
                            result.timeouts().withMultiplier(multiplier(key, value)));
                    case "maxHosts" -> result = result.withFleet(
                            new Fleet(positive(key, value), result.fleet().slotsPerHost()));
                    case "slotsPerHost" -> result = result.withFleet(
                            new Fleet(result.fleet().maxHosts(), positive(key, value)));
                    default -> throw new IllegalStateException(key);
                }
            } catch (InvalidSpecException ex) {
                problems.addAll(ex.problems());
            }
        }
        if (problems.isEmpty() && !spec.isMatrix() && model == null
                && !SpecRules.AGENTS_WITHOUT_MODEL.contains(agent)) {
            problems.add("parameter 'agent': '" + agent + "' needs a model (add --param model=provider/model; only "
                    + "oracle and nop run without one)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        result = result.withAgentAndModel(agent, model);
        validate(result, overrides.keySet());
        return result;
    }

    /** Whether a parameter key is an override this class understands (case-sensitive). */
    public static boolean isOverride(String key) {
        return KEYS.containsKey(key);
    }

    /** The spec rules, as for a spec file; a broken rule is located at the parameter that set the field. */
    private static void validate(BenchmarkSpec spec, Set<String> given) {
        SpecProblems problems = new SpecProblems(path -> {
            String key = KEY_OF_FIELD.get(path.text());
            return key != null && given.contains(key) ? "parameter '" + key + "'"
                    : "spec '" + spec.name() + "': " + path.text();
        }, path -> null);
        problems.addAll(SpecValidator.validate(spec));
        if (problems.isEmpty()) {
            problems.addAll(SpecValidator.validate(spec, SpecValidator.Consistency.class));
        }
        problems.throwIfAny();
    }

    private static int positive(String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        return fail(key, value, "a whole number >= 1");
    }

    /** The multiplier's text form is its whole rule, so the spec's own constraint decides it here already. */
    private static double multiplier(String key, String value) {
        try {
            double d = Double.parseDouble(value);
            if (SpecValidator.allows(Timeouts.class, "multiplier", d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        return fail(key, value, SpecRules.MULTIPLIER_RULE);
    }

    /** A text value that the rules of {@code field} on {@link BenchmarkSpec} allow. */
    private static String allowed(String key, String value, String field, String expected) {
        return SpecValidator.allows(BenchmarkSpec.class, field, value) ? value : fail(key, value, expected);
    }

    /** A matrix spec's agents and models are its configurations': they are chosen, not overridden. */
    private static String notMatrix(BenchmarkSpec spec, String key, String value) {
        if (spec.isMatrix()) {
            throw new InvalidSpecException("parameter '" + key + "': spec '" + spec.name() + "' lists "
                    + "configurations, each with its own agent and model (choose some with --param "
                    + "configurations=a,b, or change them in the spec)");
        }
        return value;
    }

    private static List<Configuration> configurations(BenchmarkSpec spec, String value) {
        if (!spec.isMatrix()) {
            throw new InvalidSpecException("parameter 'configurations': spec '" + spec.name() + "' lists no "
                    + "configurations (it runs one agent and model; set them with --param agent=... model=...)");
        }
        Set<String> wanted = names(value);
        if (wanted.isEmpty()) {
            return fail("configurations", value, "a comma-separated list of configuration names from the spec");
        }
        List<String> names = spec.configurations().stream().map(Configuration::name).toList();
        List<String> unknown = wanted.stream().filter(c -> !names.contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidSpecException("parameter 'configurations': " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is" : " are") + " not in spec '" + spec.name() + "' (choose from "
                    + String.join(", ", names) + ")");
        }
        return spec.configurations().stream().filter(c -> wanted.contains(c.name())).toList();
    }

    /** The names of a comma-separated list, stripped, without blanks or repeats, in the order given. */
    private static Set<String> names(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    private static List<String> subset(BenchmarkSpec spec, String value) {
        Set<String> wanted = names(value);
        if (wanted.isEmpty()) {
            return fail("tasks", value, "a comma-separated list of task names from the spec");
        }
        List<String> unknown = wanted.stream().filter(t -> !spec.tasks().contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidSpecException("parameter 'tasks': " + String.join(", ", unknown)
                    + (unknown.size() == 1 ? " is" : " are") + " not in spec '" + spec.name()
                    + "' (choose from its task list)");
        }
        return spec.tasks().stream().filter(wanted::contains).toList();
    }

    private static <T> T fail(String key, String value, String expected) {
        throw new InvalidSpecException("parameter '" + key + "': '" + value + "' is not valid: expected " + expected);
    }
}
