package io.callbridge.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link CheckedBody}: checks its shape first ({@link BodyShape}), binds what fits, and when any
 * property was unknown or of the wrong type, answers 400 with those and every other invalid field of the
 * body ({@link CheckedBody#fieldErrors}), each once. A body that is not a JSON object is left to Jackson,
 * which reports it as malformed.
 */
final class CheckedBodyDeserializer extends DelegatingDeserializer {

    CheckedBodyDeserializer(JsonDeserializer<?> delegate) {
        super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
        return new CheckedBodyDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode tree = ctxt.readTree(p);
        if (!tree.isObject()) return ctxt.handleUnexpectedToken(handledType(), p);
        BodyShape shape = new BodyShape(ctxt.getTypeFactory());
        shape.record(tree, handledType(), "");
        Object value;
        try (JsonParser bound = tree.traverse(p.getCodec())) {
            bound.nextToken();
            value = _delegatee.deserialize(bound, ctxt);
        }
        if (shape.errors().isEmpty()) return value;
        List<FieldError> all = new ArrayList<>(shape.errors());
        if (value instanceof CheckedBody body) {
            // A field of the wrong type was removed: its "is required" or the like would say it twice.
            body.fieldErrors().stream().filter(e -> !reported(e.field(), shape.errors())).forEach(all::add);
        }
        throw InvalidRequestException.of("field", all);
    }

    private static boolean reported(String field, List<FieldError> shapeErrors) {
        return shapeErrors.stream().map(FieldError::field)
                .anyMatch(f -> field.equals(f) || field.startsWith(f + ".") || field.startsWith(f + "["));
    }
}
