package io.callbridge.api.problem;

/** One invalid field of a request: its name (a path such as {@code parameters.tenant}) and what is wrong. */
public record FieldError(String field, String message) {
}
