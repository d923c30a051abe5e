package io.benchfleet.jobdefs.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Applies run parameters ({@code --param key=value}) on top of a spec. Only the keys in {@link #KEYS} are accepted;
 * anything that looks like a secret is refused ({@code SecretRule}), because job parameters are stored in the
 * repository in clear.
 * <p>
 * A value is read as the type its field takes (a whole number for {@code attempts}, {@code maxHosts} and
 * {@code slotsPerHost}); text that is not one is refused with the field's own rule ({@code parameter 'attempts': must
 * be a whole number from 1 to 1000, found text 'three'}). Then the spec it makes is checked against the spec's rules by
 * the same {@code SpecValidator} as a spec file, and each broken rule is reported with the same text as in a file,
 * located at the parameter: {@code parameter 'attempts': must be a whole number from 1 to 1000, found integer '0'}
 * where the file says {@code spec.yaml: attempts: must be ...}. The bounds live only in the spec's annotations.
 */
public final class SpecOverrides {

    /** Parameter name → what it overrides, for help texts and error messages. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("attempts", "trials per task (whole number)");
        keys.put("tasks", "comma-separated subset of the spec's tasks");
        keys.put("configurations", "comma-separated subset of a matrix spec's configurations");
        keys.put("agent", "Harbor agent name");
        keys.put("model", "provider/model");
        keys.put("harborImage", "Harbor Docker image");
        keys.put("timeoutMultiplier", "Harbor --timeout-multiplier (number > 0)");
        keys.put("maxHosts", "upper bound on worker hosts (whole number)");
        keys.put("slotsPerHost", "concurrent trials per host (whole number)");
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
                    case "attempts" -> result = result.withAttempts(whole(key, value, BenchmarkSpec.class, "attempts"));
                    case "tasks" -> result = result.withTasks(subset(spec, value));
                    case "configurations" -> result = result.withConfigurations(configurations(spec, value));
                    case "agent" -> agent = allowed(key, notMatrix(spec, key, value), "agent", "a Harbor agent name");
                    case "model" -> model = allowed(key, notMatrix(spec, key, value), "model", "provider/model");
                    case "harborImage" -> result = result.withHarborImage(
                            allowed(key, value, "harborImage", "a Docker image reference"));
                    case "timeoutMultiplier" -> result = result.withTimeouts(
                            result.timeouts().withMultiplier(multiplier(key, value)));
                    case "maxHosts" -> result = result.withFleet(
                            new Fleet(whole(key, value, Fleet.class, "maxHosts"), result.fleet().slotsPerHost()));
                    case "slotsPerHost" -> result = result.withFleet(
                            new Fleet(result.fleet().maxHosts(), whole(key, value, Fleet.class, "slotsPerHost")));
                    default -> throw new IllegalStateException(key);
                }
            } catch (InvalidSpecException ex) {
                problems.addAll(ex.problems());
            }
        }
        // said here in the parameter's words, so the spec's own rule for the model (the same one) is not said again
        boolean needsModel = problems.isEmpty() && !spec.isMatrix() && model == null
                && !SpecRules.AGENTS_WITHOUT_MODEL.contains(agent);
        if (needsModel) {
            problems.add("parameter 'agent': '" + agent + "' needs a model (add --param model=provider/model; only "
                    + "oracle and nop run without one)");
        }
        result = result.withAgentAndModel(agent, model);
        try {
            validate(result, overrides.keySet(), needsModel);
        } catch (InvalidSpecException ex) {
            problems.addAll(ex.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(inParameterOrder(problems, List.copyOf(overrides.keySet())));
        }
        return result;
    }

    /** Problems in the order their parameters were given; a problem of the spec itself last. */
    private static List<String> inParameterOrder(List<String> problems, List<String> keys) {
        List<String> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(line -> {
            int i = keys.indexOf(line.startsWith("parameter '") ? line.substring(11, line.indexOf('\'', 11)) : "");
            return i < 0 ? keys.size() : i;
        }));
        return sorted;
    }

    /** Whether a parameter key is an override this class understands (case-sensitive). */
    public static boolean isOverride(String key) {
        return KEYS.containsKey(key);
    }

    /**
     * The spec rules, as for a spec file; a broken rule is located at the parameter that set the field.
     *
     * @param modelSaid the missing model was reported already (in the words of {@code --param agent})
     */
    private static void validate(BenchmarkSpec spec, Set<String> given, boolean modelSaid) {
        SpecProblems problems = new SpecProblems(path -> {
            String key = KEY_OF_FIELD.get(path.text());
            return key != null && given.contains(key) ? "parameter '" + key + "'"
                    : "spec '" + spec.name() + "': " + path.text();
        }, path -> null);
        if (modelSaid) {
            problems.setAside(FieldPath.of("model"));
        }
        problems.addAll(SpecValidator.validate(spec));
        if (problems.isEmpty()) {
            problems.addAll(SpecValidator.validate(spec, SpecValidator.Consistency.class));
        }
        problems.throwIfAny();
    }

    /**
     * The whole number {@code value} holds, whatever its range (the spec's rules judge that, with the file's text);
     * text that is no whole number is refused with the rule of {@code field} on {@code type}.
     */
    private static int whole(String key, String value, Class<?> type, String field) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            String rule = SpecValidator.typeRule(type, FieldPath.of(field)).orElse("must be a whole number, found "
                    + "{found}");
            throw new InvalidSpecException("parameter '" + key + "': " + rule.replace("{found}",
                    SpecProblems.describe(JsonNodeFactory.instance.stringNode(value))));
        }
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
