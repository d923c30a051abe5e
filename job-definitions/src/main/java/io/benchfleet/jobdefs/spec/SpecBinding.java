package io.benchfleet.jobdefs.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Binds a spec's YAML tree to a {@link SpecDocument}, reporting every unknown field and every value of the wrong YAML
 * type rather than only the first. Jackson stops at the first binding failure and names where it happened; that value
 * is reported, set aside, and the rest is bound again, until the document binds. A value of the wrong type is
 * reported with its field's own rule ({@link SpecValidator#typeRule}), so {@code attempts: three} reads like
 * {@code attempts: 0}; containers, which have no value rule of their own, say which shape they need.
 */
final class SpecBinding {

    private static final Map<String, String> SHAPES = Map.of(
            "tasks", "must be a list of task names, found {found}",
            "agentKwargs", "must be a mapping of key: value, found {found}",
            "timeouts", "must be a mapping (agentSec, verifierSec, environmentBuildSec, multiplier, marginSec), "
                    + "found {found}",
            "fleet", "must be a mapping (maxHosts, slotsPerHost), found {found}",
            "secrets", "must be a list of environment variable names, found {found}",
            "configurations", "must be a list of configurations, each a mapping (name, agent, model, agentKwargs), "
                    + "found {found}",
            "configurations.agentKwargs", "must be a mapping of key: value, found {found}",
            "report", "must be a mapping (minCoverage, trendRuns), found {found}");

    private SpecBinding() {
    }

    static SpecDocument bind(ObjectNode tree, SpecProblems problems) {
        ObjectNode remaining = tree.deepCopy();
        while (true) {
            try {
                return SpecYaml.MAPPER.treeToValue(remaining, SpecDocument.class);
            } catch (UnrecognizedPropertyException e) {
                problems.add(path(e), "unknown field (known fields: " + e.getKnownPropertyIds().stream()
                        .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")", null);
                setAside(remaining, e);
            } catch (JacksonException e) {
                FieldPath path = path(e);
                problems.add(path, rule(path), path.in(tree));
                setAside(remaining, e);
            }
        }
    }

    private static String rule(FieldPath path) {
        String shape = SHAPES.get(path.shape());
        if (shape != null) {
            return shape;
        }
        if (path.shape().matches("(configurations\\.)?agentKwargs\\.[^.]+")) {
            return SpecRules.PLAIN_VALUE;
        }
        return SpecValidator.typeRule(BenchmarkSpec.class, path)
                .or(() -> SpecValidator.typeRule(SpecDocument.class, path))
                .orElse("is not of the type this field takes, found {found}");
    }

    private static FieldPath path(JacksonException e) {
        List<String> names = new ArrayList<>();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                names.add(reference.getPropertyName());
            } else if (reference.getIndex() >= 0 && !names.isEmpty() && names.get(names.size() - 1)
                    .equals("configurations")) {
                // an item of the list of mappings: configurations[2].model
                names.set(names.size() - 1, FieldPath.itemName("configurations", reference.getIndex() + 1));
            }
        }
        return new FieldPath(names, null);
    }

    /** Removes the value that failed from the tree still to bind; a failure nowhere in particular is a bug. */
    private static void setAside(ObjectNode remaining, JacksonException e) {
        List<JacksonException.Reference> references = e.getPath();
        JsonNode parent = remaining;
        for (int i = 0; i < references.size() - 1 && parent != null; i++) {
            JacksonException.Reference reference = references.get(i);
            parent = reference.getPropertyName() != null ? parent.get(reference.getPropertyName())
                    : parent.get(reference.getIndex());
        }
        JacksonException.Reference last = references.isEmpty() ? null : references.get(references.size() - 1);
        if (last != null && parent instanceof ObjectNode object && object.has(last.getPropertyName())) {
            object.remove(last.getPropertyName());
        } else if (last != null && parent instanceof ArrayNode array && last.getIndex() >= 0
                && last.getIndex() < array.size()) {
            // null in its place, so the items after it keep their positions in later problems
            array.setNull(last.getIndex());
        } else {
            throw new IllegalStateException("cannot set aside the value that failed to bind: " + e.getMessage(), e);
        }
    }
}
