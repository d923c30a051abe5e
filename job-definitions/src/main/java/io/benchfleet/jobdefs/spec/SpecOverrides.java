package io.benchfleet.jobdefs.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies run parameters ({@code --param key=value}) on top of a spec. Only the keys in {@link #KEYS} are accepted;
 * anything that looks like a secret is refused, because job parameters are stored in the repository in clear.
 */
public final class SpecOverrides {

    /** Parameter name → what it overrides, for help texts and error messages. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("attempts", "trials per task (whole number >= 1)");
        keys.put("tasks", "comma-separated subset of the spec's tasks");
        keys.put("agent", "Harbor agent name");
        keys.put("model", "provider/model");
        keys.put("harborImage", "Harbor Docker image");
        keys.put("timeoutMultiplier", "Harbor --timeout-multiplier (number > 0)");
        keys.put("maxHosts", "upper bound on worker hosts (whole number >= 1)");
        keys.put("slotsPerHost", "concurrent trials per host (whole number >= 1)");
        KEYS = Map.copyOf(keys);
    }

    private static final Pattern SECRET_LIKE =
            Pattern.compile(".*(secret|password|passwd|token|api[_-]?key|credential|private[_-]?key).*",
                    Pattern.CASE_INSENSITIVE);

    private SpecOverrides() {
    }

    /** Throws {@link InvalidSpecException} naming the parameter when a key is a secret or not known. */
    public static void checkKey(String key) {
        if (SECRET_LIKE.matcher(key).matches()) {
            throw new InvalidSpecException("parameter '" + key + "': secrets are never job parameters (they are "
                    + "stored in clear); list the environment variable NAME under 'secrets:' in the spec and set it "
                    + "on the workers");
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
                switch (key) {
                    case "attempts" -> result = result.withAttempts(positive(key, value));
                    case "tasks" -> result = result.withTasks(subset(spec, value));
                    case "agent" -> agent = matching(key, value, BenchmarkSpecReader.TASK, "a Harbor agent name");
                    case "model" -> model = value.contains("/") ? value : fail(key, value, "provider/model");
                    case "harborImage" -> result = result.withHarborImage(
                            matching(key, value, BenchmarkSpecReader.IMAGE, "a Docker image reference"));
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
        if (problems.isEmpty() && model == null && !BenchmarkSpecReader.AGENTS_WITHOUT_MODEL.contains(agent)) {
            problems.add("parameter 'agent': '" + agent + "' needs a model (add --param model=provider/model; only "
                    + "oracle and nop run without one)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return result.withAgentAndModel(agent, model);
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

    private static double multiplier(String key, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && d <= 100) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        return fail(key, value, "a number above 0 and at most 100");
    }

    private static String matching(String key, String value, Pattern pattern, String expected) {
        return pattern.matcher(value).matches() ? value : fail(key, value, expected);
    }

    private static List<String> subset(BenchmarkSpec spec, String value) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            if (!t.isBlank()) {
                wanted.add(t.strip());
            }
        }
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

    /** Whether a parameter key is an override this class understands (case-sensitive). */
    public static boolean isOverride(String key) {
        return KEYS.containsKey(key);
    }


}
