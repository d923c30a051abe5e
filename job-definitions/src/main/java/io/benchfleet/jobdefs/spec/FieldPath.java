package io.benchfleet.jobdefs.spec;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * Where in a spec a problem is: the field names from the top ({@code timeouts.multiplier}, {@code agentKwargs.mode})
 * and, inside a list, the 1-based item. Messages name the field only ({@code secrets}); rules that need the item say
 * it themselves ({@code item 2 is not ...}), as the spec's messages always have.
 *
 * @param names field names from the top of the spec; empty for the spec as a whole
 * @param item  1-based position inside a list, or null
 */
record FieldPath(List<String> names, Integer item) {

    private static final Pattern ITEM = Pattern.compile("(.+)\\[(\\d+)]");

    FieldPath {
        names = List.copyOf(names);
    }

    static FieldPath of(String... names) {
        return new FieldPath(List.of(names), null);
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** The field as messages name it; a key that looks like a secret is not spelled out. */
    String text() {
        return names.stream().map(n -> SecretRule.looksLikeSecret(n) ? "<secret-looking key>" : n)
                .collect(Collectors.joining("."));
    }

    /** Whether this path is {@code other} or lies inside it. */
    boolean within(FieldPath other) {
        return names.size() >= other.names.size() && names.subList(0, other.names.size()).equals(other.names);
    }

    /** The node of a YAML tree at this path, or a missing node. */
    JsonNode in(JsonNode root) {
        JsonNode node = root;
        for (String name : names) {
            Matcher m = ITEM.matcher(name);
            node = m.matches() ? node.path(m.group(1)).path(Integer.parseInt(m.group(2)) - 1) : node.path(name);
        }
        return item == null ? node : node.path(item - 1);
    }

    /** A field name with the 1-based item of a list of mappings: {@code configurations[2]}. */
    static String itemName(String name, int item) {
        return name + "[" + item + "]";
    }

    /** The field name without its item: {@code configurations[2]} → {@code configurations}. */
    static String withoutItem(String name) {
        Matcher m = ITEM.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    /** This path's text without items, as the shapes of fields are named: {@code configurations.agentKwargs}. */
    String shape() {
        return names.stream().map(FieldPath::withoutItem).collect(Collectors.joining("."));
    }
}
