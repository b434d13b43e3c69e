package io.callbridge.api;

import io.callbridge.api.problem.FieldError;
import io.callbridge.api.problem.InvalidRequestException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    /** One of {@code allowed}; null when absent or empty. */
    String oneOf(String name, String value, List<String> allowed) {
        if (orNull(value) == null) return null;
        if (allowed.contains(value)) return value;
        error(name, "must be one of " + String.join(", ", allowed));
        return null;
    }

    /**
     * An ISO-8601 instant with {@code Z} or an offset, in UTC; null when absent or empty. Years 1 to 9999 only:
     * Java reads instants far beyond what PostgreSQL's timestamptz holds, and such a value must be a 400, not
     * a database error.
     */
    OffsetDateTime instant(String name, String value) {
        if (orNull(value) == null) return null;
        // The + of an offset (…T10:00:00+02:00) sent unencoded arrives as a space (form encoding).
        String iso = value.strip().replace(' ', '+');
        try {
            OffsetDateTime at = Instant.parse(iso).atOffset(ZoneOffset.UTC);
            if (at.getYear() >= 1 && at.getYear() <= 9999) return at;
            error(name, "must be an instant between the years 1 and 9999");
        } catch (DateTimeException e) {
            error(name, "must be an ISO-8601 instant such as 2026-01-31T09:00:00Z or 2026-01-31T10:00:00+01:00");
        }
        return null;
    }

    void error(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    boolean hasError(String name) {
        return errors.stream().anyMatch(e -> e.field().equals(name));
    }

    void failIfAny() {
        if (!errors.isEmpty()) throw InvalidRequestException.of("parameter", errors);
    }
}
