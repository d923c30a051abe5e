package io.benchfleet.jobdefs.message;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.jobdefs.Messages;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * JSON encoding of {@link PartitionRequest}, bound by Jackson. Decoding is strict, so a message that is not exactly a
 * request (a number given as text, a fraction as an id) is a poison message rather than a guess, and names exactly
 * what is wrong.
 */
public final class PartitionRequestCodec {

    /** No coercion between JSON types: {@code "12"} is not the id 12, {@code 7} is not the step name "7". */
    private static final ObjectReader READER = Json.MAPPER.rebuild()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build()
            .readerFor(PartitionRequest.class);

    public String encode(PartitionRequest request) {
        return Json.MAPPER.writeValueAsString(request);
    }

    public PartitionRequest decode(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedPartitionRequestException("empty message body (expected a partition request JSON)");
        }
        PartitionRequest request;
        try {
            request = READER.readValue(body);
        } catch (MismatchedInputException e) {
            throw e.getPath().isEmpty() ? notAnObject(body) : missing(e.getPath().get(0).getPropertyName(), body);
        } catch (JacksonException e) {
            throw new MalformedPartitionRequestException("message body is not JSON: " + abbreviate(body));
        }
        if (request == null) {
            throw notAnObject(body);
        }
        if (request.stepName() == null || request.stepName().isBlank()) {
            throw missing("stepName", body);
        }
        if (request.jobExecutionId() <= 0) {
            throw missing("jobExecutionId", body);
        }
        if (request.stepExecutionId() <= 0) {
            throw missing("stepExecutionId", body);
        }
        return request;
    }

    private static MalformedPartitionRequestException notAnObject(String body) {
        return new MalformedPartitionRequestException("message body is not a JSON object: " + abbreviate(body));
    }

    private static MalformedPartitionRequestException missing(String field, String body) {
        String what = field.equals("stepName") || field.equals("partitionKey") ? "" : "positive ";
        return new MalformedPartitionRequestException("message has no " + what + "'" + field + "': "
                + abbreviate(body));
    }

    private static String abbreviate(String body) {
        return Messages.abbreviate(body, Messages.MAX_DETAIL);
    }
}
