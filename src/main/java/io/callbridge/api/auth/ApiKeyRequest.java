package io.callbridge.api.auth;

/** The body of {@code POST /api/keys}; {@link ApiKeyValidator} checks it, unknown properties are a 400. */
public record ApiKeyRequest(String name) {
}
