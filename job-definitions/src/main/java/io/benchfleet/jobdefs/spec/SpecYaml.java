package io.benchfleet.jobdefs.spec;

import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.JacksonYAMLParseException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads spec YAML into a Jackson tree, turning what makes it unreadable (a syntax error, a duplicate key, an empty
 * file, a document that is not a mapping) into the one problem it is. Also holds the mapper that binds the tree:
 * strict about YAML types, so {@code attempts: "3"} or {@code attempts: 1.5} is a problem rather than a silent
 * conversion, and about unknown fields, so a misspelt field is never ignored.
 */
final class SpecYaml {

    static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, number -> number
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, number -> number
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    /** Jackson's wording for a key given twice under {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}. */
    private static final String DUPLICATE = "Duplicate Object property";

    private SpecYaml() {
    }

    /** The spec document as a mapping of fields, or an {@link InvalidSpecException} with the one reason it is not. */
    static ObjectNode readMapping(String yamlText, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(yamlText);
        } catch (JacksonYAMLParseException e) {
            String problem = e.getCause() instanceof MarkedYamlEngineException marked ? marked.getProblem()
                    : e.getOriginalMessage();
            throw syntax(source, e.getLocation(), problem);
        } catch (StreamReadException e) {
            if (e.getOriginalMessage().startsWith(DUPLICATE) && e.processor() != null) {
                throw syntax(source, e.processor().currentTokenLocation(),
                        "found duplicate key " + e.processor().currentName());
            }
            throw syntax(source, e.getLocation(), e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidSpecException(source + ": the spec is empty (see job-definitions/examples/ for a "
                    + "complete spec)");
        }
        if (!(root instanceof ObjectNode mapping)) {
            throw new InvalidSpecException(source + ": the spec must be a YAML mapping of fields, found a "
                    + SpecProblems.describe(root));
        }
        return mapping;
    }

    private static InvalidSpecException syntax(String source, TokenStreamLocation at, String problem) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new InvalidSpecException(source + ": not valid YAML" + where + ": "
                + String.valueOf(problem).strip().replaceAll("\\s*\\R\\s*", " ") + " (fix the syntax)");
    }
}
