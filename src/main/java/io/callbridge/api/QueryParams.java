package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Strict query parameters, as {@link StrictJson} is for bodies: an unknown parameter (a misspelt filter
 * would otherwise silently widen a search) or one given twice is a 400 naming it. Collects every error of
 * a request, so {@link #failIfAny} reports them all at once.
 */
final class QueryParams {

    private final List<FieldError> errors = new ArrayList<>();

    QueryParams(MultivaluedMap<String, String> given, Set<String> known) {
        String knownList = String.join(", ", known.stream().sorted().toList());
        given.forEach((name, values) -> {
            if (!known.contains(name)) {
                errors.add(new FieldError(name, "unknown parameter (known: " + knownList + ")"));
            } else if (values.size() > 1) {
                errors.add(new FieldError(name, "must be given once"));
            }
        });
    }

    /** An empty value ({@code ?from=}) is the same as none. */
    static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** An integer in {@code min..max}; {@code fallback} when absent or empty. */
    int integer(String name, String value, int min, int max, int fallback) {
        if (orNull(value) == null) return fallback;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range value
        }
        error(name, max == Integer.MAX_VALUE ? "must be an integer from " + min
                : "must be an integer from " + min + " to " + max);
        return fallback;
    }

    void error(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    boolean hasError(String name) {
        return errors.stream().anyMatch(e -> e.field().equals(name));
    }

    void failIfAny() {
        if (errors.isEmpty()) return;
        String names = String.join(", ", errors.stream().map(FieldError::field).distinct().toList());
        throw new InvalidRequestException("invalid parameter(s): " + names, errors);
    }
}
