package io.benchfleet.jobdefs.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One unit of remote work: one trial of one task (Harbor job {@code -i task -k 1}). Everything a worker needs travels
 * in the step's ExecutionContext (see {@link #toContext()}), so a worker needs no other lookup.
 *
 * @param key                 stable partition key, {@code <task>__a<attempt>} ({@code <configuration>__<task>__a<attempt>}
 *                            in a matrix run); also the Harbor job name
 * @param order               position in dispatch order (0 = sent first)
 * @param expectedSeconds     expected trial duration used for ordering and ETAs
 * @param trialTimeoutSeconds wall-clock limit after which the trial's container is killed
 * @param secretNames         environment variable names the worker passes through to Harbor
 * @param configuration       the matrix configuration the trial belongs to, null for a spec of one agent and model
 */
public record Partition(
        String key,
        int order,
        String specName,
        String dataset,
        String task,
        int attempt,
        String agent,
        String model,
        Map<String, String> agentKwargs,
        String harborImage,
        double timeoutMultiplier,
        long trialTimeoutSeconds,
        long expectedSeconds,
        List<String> secretNames,
        String configuration) {

    public Partition {
        agentKwargs = Map.copyOf(agentKwargs);
        secretNames = List.copyOf(secretNames);
    }

    /** A partition of a spec of one agent and model. */
    public Partition(String key, int order, String specName, String dataset, String task, int attempt, String agent,
            String model, Map<String, String> agentKwargs, String harborImage, double timeoutMultiplier,
            long trialTimeoutSeconds, long expectedSeconds, List<String> secretNames) {
        this(key, order, specName, dataset, task, attempt, agent, model, agentKwargs, harborImage, timeoutMultiplier,
                trialTimeoutSeconds, expectedSeconds, secretNames, null);
    }

    public static String keyOf(String task, int attempt) {
        // Locale.ROOT: the default locale could render the attempt in non-ASCII digits (ar-EG, fa-IR, ...).
        return String.format(Locale.ROOT, "%s__a%02d", task, attempt);
    }

    /**
     * The key of a trial of a matrix configuration, {@code <configuration>__<task>__a<NN>}: still one path element
     * (Harbor's job directory); {@code <task>__a<NN>} without a configuration, as every run before matrix specs.
     */
    public static String keyOf(String configuration, String task, int attempt) {
        return configuration == null ? keyOf(task, attempt) : configuration + "__" + keyOf(task, attempt);
    }

    /** The ExecutionContext entries of this partition: plain strings and numbers only. */
    public Map<String, Object> toContext() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put(PartitionContextKeys.KEY, key);
        ctx.put(PartitionContextKeys.ORDER, order);
        ctx.put(PartitionContextKeys.SPEC, specName);
        ctx.put(PartitionContextKeys.DATASET, dataset);
        ctx.put(PartitionContextKeys.TASK, task);
        ctx.put(PartitionContextKeys.ATTEMPT, attempt);
        ctx.put(PartitionContextKeys.AGENT, agent);
        if (model != null) {
            ctx.put(PartitionContextKeys.MODEL, model);
        }
        ctx.put(PartitionContextKeys.AGENT_KWARGS, PartitionContextKeys.encodeMap(agentKwargs));
        ctx.put(PartitionContextKeys.HARBOR_IMAGE, harborImage);
        ctx.put(PartitionContextKeys.TIMEOUT_MULTIPLIER, timeoutMultiplier);
        ctx.put(PartitionContextKeys.TRIAL_TIMEOUT_SECONDS, trialTimeoutSeconds);
        ctx.put(PartitionContextKeys.EXPECTED_SECONDS, expectedSeconds);
        ctx.put(PartitionContextKeys.SECRET_NAMES, String.join(",", secretNames));
        if (configuration != null) {
            ctx.put(PartitionContextKeys.CONFIGURATION, configuration);
        }
        return ctx;
    }

    /** Rebuilds a partition from its ExecutionContext entries; names the missing key if one is absent. */
    public static Partition fromContext(Map<String, Object> ctx) {
        PartitionContextKeys.Reader r = new PartitionContextKeys.Reader(ctx);
        String secrets = r.text(PartitionContextKeys.SECRET_NAMES, "");
        return new Partition(
                r.required(PartitionContextKeys.KEY),
                (int) r.number(PartitionContextKeys.ORDER),
                r.required(PartitionContextKeys.SPEC),
                r.required(PartitionContextKeys.DATASET),
                r.required(PartitionContextKeys.TASK),
                (int) r.number(PartitionContextKeys.ATTEMPT),
                r.required(PartitionContextKeys.AGENT),
                r.text(PartitionContextKeys.MODEL, null),
                PartitionContextKeys.decodeMap(r.text(PartitionContextKeys.AGENT_KWARGS, "")),
                r.required(PartitionContextKeys.HARBOR_IMAGE),
                r.decimal(PartitionContextKeys.TIMEOUT_MULTIPLIER),
                r.number(PartitionContextKeys.TRIAL_TIMEOUT_SECONDS),
                r.number(PartitionContextKeys.EXPECTED_SECONDS),
                secrets.isEmpty() ? List.of() : List.of(secrets.split(",")),
                r.text(PartitionContextKeys.CONFIGURATION, null));
    }
}
