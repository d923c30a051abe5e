package io.benchfleet.jobdefs.message;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON encoding of {@link PartitionRequest}; decoding names exactly what is wrong with a bad message. */
public final class PartitionRequestCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public String encode(PartitionRequest request) {
        return JSON.writeValueAsString(request);
    }

    public PartitionRequest decode(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedPartitionRequestException("empty message body (expected a partition request JSON)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedPartitionRequestException("message body is not JSON: " + abbreviate(body));
        }
        if (node == null || !node.isObject()) {
            throw new MalformedPartitionRequestException("message body is not a JSON object: " + abbreviate(body));
        }
        String stepName = text(node, "stepName", body);
        long jobExecutionId = id(node, "jobExecutionId", body);
        long stepExecutionId = id(node, "stepExecutionId", body);
        JsonNode key = node.get("partitionKey");
        return new PartitionRequest(stepName, jobExecutionId, stepExecutionId,
                key == null || key.isNull() ? null : key.asString());
    }

    private static String text(JsonNode node, String field, String body) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw new MalformedPartitionRequestException("message has no '" + field + "': " + abbreviate(body));
        }
        return v.asString();
    }

    private static long id(JsonNode node, String field, String body) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || v.asLong() <= 0) {
            throw new MalformedPartitionRequestException("message has no positive '" + field + "': "
                    + abbreviate(body));
        }
        return v.asLong();
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
