package io.benchfleet.jobdefs.plan;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Names of the partition step ExecutionContext entries shared by manager and worker. */
public final class PartitionContextKeys {

    public static final String PREFIX = "benchfleet.";
    public static final String KEY = PREFIX + "partition";
    public static final String ORDER = PREFIX + "order";
    public static final String SPEC = PREFIX + "spec";
    public static final String DATASET = PREFIX + "dataset";
    public static final String TASK = PREFIX + "task";
    public static final String ATTEMPT = PREFIX + "attempt";
    public static final String AGENT = PREFIX + "agent";
    public static final String MODEL = PREFIX + "model";
    public static final String AGENT_KWARGS = PREFIX + "agentKwargs";
    public static final String HARBOR_IMAGE = PREFIX + "harborImage";
    public static final String TIMEOUT_MULTIPLIER = PREFIX + "timeoutMultiplier";
    public static final String TRIAL_TIMEOUT_SECONDS = PREFIX + "trialTimeoutSeconds";
    public static final String EXPECTED_SECONDS = PREFIX + "expectedSeconds";
    public static final String SECRET_NAMES = PREFIX + "secretNames";
    /**
     * {@code "true"} when the run is a rehearsal and accepts the simulated executor's invented results ({@code --local},
     * or launched with {@code --param rehearsal=true}); absent or anything else: a worker with the simulated executor
     * refuses the partition as a CONFIG failure, which stops the run.
     */
    public static final String REHEARSAL = PREFIX + "rehearsal";
    /** The matrix configuration's name; absent for a spec of one agent and model. */
    public static final String CONFIGURATION = PREFIX + "configuration";

    private PartitionContextKeys() {
    }

    /** Whether the partition context {@code ctx} marks its run as a rehearsal ({@link #REHEARSAL}). */
    public static boolean isRehearsal(Map<String, Object> ctx) {
        Object value = ctx.get(REHEARSAL);
        return value != null && Boolean.parseBoolean(value.toString());
    }

    /** {@code k=v&k2=v2}, URL-encoded: compact and safe for any character. */
    static String encodeMap(Map<String, String> map) {
        return map.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> decodeMap(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return map;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            map.put(dec(pair.substring(0, eq)), dec(pair.substring(eq + 1)));
        }
        return map;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Typed access to context entries with a clear error naming a missing or mistyped key. */
    static final class Reader {
        private final Map<String, Object> ctx;

        Reader(Map<String, Object> ctx) {
            this.ctx = ctx;
        }

        String required(String key) {
            Object v = ctx.get(key);
            if (v == null) {
                throw new IllegalArgumentException("partition context has no '" + key + "': the step execution "
                        + "was not created by a benchfleet manager of this version");
            }
            return v.toString();
        }

        String text(String key, String defaultValue) {
            Object v = ctx.get(key);
            return v == null ? defaultValue : v.toString();
        }

        long number(String key) {
            Object v = ctx.get(key);
            if (v instanceof Number n) {
                return n.longValue();
            }
            try {
                return Long.parseLong(required(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("partition context '" + key + "' is not a number: " + v);
            }
        }

        double decimal(String key) {
            Object v = ctx.get(key);
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            try {
                return Double.parseDouble(required(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("partition context '" + key + "' is not a number: " + v);
            }
        }
    }
}
