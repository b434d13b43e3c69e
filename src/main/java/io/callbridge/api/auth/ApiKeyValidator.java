package io.callbridge.api.auth;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import java.util.List;

/** Checks an {@link ApiKeyRequest}. The name is for people and appears in logs, so it is one plain line. */
final class ApiKeyValidator {

    static final int MAX_NAME = 100; // api_keys.name (V7)

    private ApiKeyValidator() {
    }

    /** The name to store: the given one without surrounding whitespace. */
    static String name(ApiKeyRequest r) {
        String name = r == null || r.name() == null ? "" : r.name().strip();
        String error = null;
        if (name.isEmpty()) {
            error = "is required: 1 to " + MAX_NAME + " characters";
        } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
            error = "must be at most " + MAX_NAME + " characters";
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            error = "must not contain control characters (line breaks, tabs)";
        }
        if (error != null) {
            throw InvalidRequestException.of("field", List.of(new FieldError("name", error)));
        }
        return name;
    }
}
